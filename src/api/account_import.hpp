// SPDX-License-Identifier: Apache-2.0
// `meerkat account import FILE`: creates accounts in bulk from a CSV file of
// `username,domain,password` lines, the format MongooseIM's importUsers reads. Operators use it
// to move users over from another server; the benchmarks use it to create their test users.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/error/error.hpp"
#include "storage/account_store.hpp"

namespace meerkat::api {

// What happened to each line, in the categories of MongooseIM's ImportPayload.
struct ImportReport {
  std::vector<std::string> created;
  std::vector<std::string> existing;
  std::vector<std::string> not_allowed;     // the domain is not served here
  std::vector<std::string> invalid_jid;     // username or domain fails JID preparation
  std::vector<std::string> empty_password;  // a JID given without a password
  std::vector<std::string> invalid_record;  // not three comma-separated fields
};

// Reads every line of `csv`, hashes the passwords on all cores (PBKDF2 dominates the cost) and
// creates the accounts one by one. A storage failure stops the import and is returned.
// `served`: whether a domain is served here (others are reported as not allowed).
Result<ImportReport> import_accounts(std::istream& csv, const config::Config& config,
                                     storage::AccountStore& accounts,
                                     const std::function<bool(std::string_view)>& served);

}  // namespace meerkat::api

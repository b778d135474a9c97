// SPDX-License-Identifier: Apache-2.0
// DomainStore: what the server keeps per domain. The dynamic domains (MongooseIM's
// domain_settings: each with its host type and status) and the password of each domain's
// administrator (the GraphQL domain_admin endpoint), as an opaque password record.
// Layer 1: an interface only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

struct DomainRow {
  enum class Status { kEnabled, kDisabled, kDeleting };
  std::string domain;
  std::string host_type;
  Status status = Status::kEnabled;

  friend bool operator==(const DomainRow&, const DomainRow&) = default;
};

class DomainStore {
 public:
  virtual ~DomainStore() = default;

  // Every dynamic domain, by name.
  virtual boost::asio::awaitable<Result<std::vector<DomainRow>>> domains() = 0;
  // Adds `row` unless the domain is already there; then the stored row is returned instead
  // and nothing changes.
  virtual boost::asio::awaitable<Result<std::optional<DomainRow>>> insert_domain(DomainRow row) = 0;
  // false: no such domain.
  virtual boost::asio::awaitable<Result<bool>> set_domain_status(std::string domain,
                                                                 DomainRow::Status status) = 0;
  // Forgets the domain and its administrator's password; false: no such domain.
  virtual boost::asio::awaitable<Result<bool>> remove_domain(std::string domain) = 0;

  // std::nullopt: the domain has no administrator (the default).
  virtual boost::asio::awaitable<Result<std::optional<std::string>>> admin_password(
      std::string domain) = 0;
  virtual boost::asio::awaitable<Result<void>> set_admin_password(std::string domain,
                                                                  std::string record) = 0;
  // false: there was none.
  virtual boost::asio::awaitable<Result<bool>> remove_admin_password(std::string domain) = 0;
};

}  // namespace meerkat::storage

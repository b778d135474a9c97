// SPDX-License-Identifier: Apache-2.0
// `meerkat account …`: account administration on the server's own storage, usable while the
// server runs (SQLite in WAL mode lets both processes share the file).
#pragma once

#include <string>

#include "config/config.hpp"

namespace meerkat::app {

enum class AccountAction { kAdd, kRemove, kPasswd, kList, kCheck, kImport };

struct AccountCommand {
  AccountAction action = AccountAction::kList;
  std::string target;    // user@host, a host for kList, a CSV file for kImport
  std::string password;  // kAdd, kPasswd, kCheck; "-" reads one line from standard input
  std::string data_dir = "var";
};

// Returns the process exit status: 0 done, 1 refused (exists, no such user, wrong password),
// 2 bad input or storage failure. kImport: 1 when some line was not imported. Messages go to
// stdout/stderr.
int run_account_command(const config::Config& config, AccountCommand command);

}  // namespace meerkat::app

// SPDX-License-Identifier: Apache-2.0
#include "app/account_command.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "acl/access_rules.hpp"
#include "app/server.hpp"
#include "auth/authenticator.hpp"
#include "auth/password/password_record.hpp"
#include "core/jid/jid.hpp"
#include "storage/run_blocking.hpp"
#include "storage/sqlite/sqlite_stores.hpp"

namespace meerkat::app {

namespace {

constexpr int kRefused = 1;
constexpr int kFailed = 2;

int fail(const std::string& message) {
  std::cerr << "meerkat account: " << message << '\n';
  return kFailed;
}

int refuse(const std::string& message) {
  std::cerr << message << '\n';
  return kRefused;
}

std::string read_password(std::string password) {
  if (password != "-") return password;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

bool is_served(const config::Config& config, std::string_view host) {
  const auto& hosts = config.general.hosts;
  return std::find(hosts.begin(), hosts.end(), host) != hosts.end();
}

int list_accounts(storage::Stores& stores, const std::string& host) {
  auto users = storage::run_blocking(stores.accounts->list(host));
  if (!users) return fail(users.error().text);
  for (const auto& user : *users) std::cout << user << '@' << host << '\n';
  return 0;
}

int change_account(const config::Config& config, storage::Stores& stores,
                   const AccountCommand& command, const jid::Jid& jid) {
  acl::AccessRules access(config.acl, config.access, config.general.hosts);
  auth::Authenticator authenticator(config.auth, stores.accounts.get(), access);
  auto user = std::string(jid.node());
  auto host = std::string(jid.domain());
  auto bare = jid.to_string();
  switch (command.action) {
    case AccountAction::kAdd: {
      auto created = storage::run_blocking(
          authenticator.create_account(user, host, read_password(command.password)));
      if (!created) return fail(created.error().text);
      if (!*created) return refuse(bare + ": the account exists already");
      std::cout << bare << ": account created\n";
      return 0;
    }
    case AccountAction::kPasswd: {
      auto changed = storage::run_blocking(
          authenticator.set_password(user, host, read_password(command.password)));
      if (!changed) return fail(changed.error().text);
      if (!*changed) return refuse(bare + ": no such account");
      std::cout << bare << ": password changed\n";
      return 0;
    }
    case AccountAction::kRemove: {
      auto removed = storage::run_blocking(stores.accounts->remove(user, host));
      if (!removed) return fail(removed.error().text);
      if (!*removed) return refuse(bare + ": no such account");
      std::cout << bare << ": account removed\n";
      return 0;
    }
    case AccountAction::kCheck: {
      auto record = storage::run_blocking(authenticator.password_record(user, host));
      if (!record) return fail(record.error().text);
      bool ok = *record && auth::password::verify_password(**record,
                                                           read_password(command.password));
      std::cout << bare << (ok ? ": password is correct\n" : ": wrong password or no account\n");
      return ok ? 0 : kRefused;
    }
    case AccountAction::kList: break;
  }
  return kFailed;
}

}  // namespace

int run_account_command(const config::Config& config, AccountCommand command) {
  if (command.action == AccountAction::kList) {
    auto host = jid::Jid::nameprep(command.target);
    if (!host || !is_served(config, *host)) return fail(command.target + ": not a served host");
    auto stores = storage::sqlite::open_sqlite_stores(sqlite_path(command.data_dir));
    if (!stores) return fail(stores.error().text);
    return list_accounts(*stores, *host);
  }
  auto jid = jid::Jid::parse(command.target);
  if (!jid || !jid->has_node() || !jid->is_bare()) {
    return fail(command.target + ": expected a bare JID, user@host");
  }
  if (!is_served(config, jid->domain())) {
    return fail(command.target + ": " + std::string(jid->domain()) + " is not a served host");
  }
  std::filesystem::create_directories(command.data_dir);
  auto stores = storage::sqlite::open_sqlite_stores(sqlite_path(command.data_dir));
  if (!stores) return fail(stores.error().text);
  return change_account(config, *stores, command, *jid);
}

}  // namespace meerkat::app

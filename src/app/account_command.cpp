// SPDX-License-Identifier: Apache-2.0
#include "app/account_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "acl/access_rules.hpp"
#include "api/account_import.hpp"
#include "api/dynamic_domains.hpp"
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

// The served domains: general.hosts and the enabled dynamic domains of the database.
Result<std::unique_ptr<router::DomainRegistry>> served_domains(const config::Config& config,
                                                               storage::Stores& stores) {
  auto domains =
      std::make_unique<router::DomainRegistry>(config.general.hosts, config.general.host_types);
  if (!stores.domains) return domains;
  auto loaded = storage::run_blocking(api::load_dynamic_domains(*stores.domains, *domains));
  if (!loaded) return loaded.error();
  return domains;
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
    case AccountAction::kList:
    case AccountAction::kImport: break;
  }
  return kFailed;
}

void print_problems(const char* what, const std::vector<std::string>& entries) {
  for (const auto& entry : entries) std::cerr << entry << ": " << what << '\n';
}

int import_file(const config::Config& config, storage::Stores& stores,
                const router::DomainRegistry& domains, const std::string& file) {
  std::ifstream csv(file);
  if (!csv) return fail(file + ": cannot be read");
  auto report = api::import_accounts(csv, config, *stores.accounts,
                                     [&](std::string_view host) { return domains.serves(host); });
  if (!report) return fail(report.error().text);
  print_problems("exists already", report->existing);
  print_problems("domain not served here", report->not_allowed);
  print_problems("invalid JID", report->invalid_jid);
  print_problems("empty password", report->empty_password);
  print_problems("not a username,domain,password line", report->invalid_record);
  std::cout << file << ": " << report->created.size() << " created, " << report->existing.size()
            << " existing, " << report->not_allowed.size() << " not allowed, "
            << report->invalid_jid.size() << " invalid JIDs, " << report->empty_password.size()
            << " empty passwords, " << report->invalid_record.size() << " invalid records\n";
  bool refused = !report->not_allowed.empty() || !report->invalid_jid.empty() ||
                 !report->empty_password.empty() || !report->invalid_record.empty();
  return refused ? kRefused : 0;
}

}  // namespace

int run_account_command(const config::Config& config, AccountCommand command) {
  std::filesystem::create_directories(command.data_dir);
  auto stores = storage::sqlite::open_sqlite_stores(sqlite_path(command.data_dir));
  if (!stores) return fail(stores.error().text);
  auto domains = served_domains(config, *stores);
  if (!domains) return fail(domains.error().text);
  if (command.action == AccountAction::kList) {
    auto host = jid::Jid::nameprep(command.target);
    if (!host || !(*domains)->serves(*host)) return fail(command.target + ": not a served host");
    return list_accounts(*stores, *host);
  }
  if (command.action == AccountAction::kImport) {
    return import_file(config, *stores, **domains, command.target);
  }
  auto jid = jid::Jid::parse(command.target);
  if (!jid || !jid->has_node() || !jid->is_bare()) {
    return fail(command.target + ": expected a bare JID, user@host");
  }
  if (!(*domains)->serves(jid->domain())) {
    return fail(command.target + ": " + std::string(jid->domain()) + " is not a served host");
  }
  return change_account(config, *stores, command, *jid);
}

}  // namespace meerkat::app

// SPDX-License-Identifier: Apache-2.0
#include "api/dynamic_domains.hpp"

#include <boost/asio/this_coro.hpp>
#include <set>

#include "hooks/server_hooks.hpp"
#include "net/spawn.hpp"
#include "observability/log.hpp"

namespace meerkat::api {

namespace asio = boost::asio;
using router::DomainEntry;
using router::DomainStatus;
using storage::DomainRow;

namespace {

const auto& log() {
  static const auto logger = observability::logger("domains");
  return logger;
}

DomainError failure(std::string code, std::string message) {
  return DomainError{std::move(code), std::move(message)};
}

DomainError db_error(const Error& error) { return failure("db_error", error.text); }

DomainError not_found() { return failure("domain_not_found", "Given domain does not exist"); }

DomainStatus registry_status(DomainRow::Status status) {
  switch (status) {
    case DomainRow::Status::kEnabled: return DomainStatus::kEnabled;
    case DomainRow::Status::kDisabled: return DomainStatus::kDisabled;
    case DomainRow::Status::kDeleting: return DomainStatus::kDeleting;
  }
  return DomainStatus::kEnabled;
}

DomainRow::Status row_status(DomainStatus status) {
  switch (status) {
    case DomainStatus::kEnabled: return DomainRow::Status::kEnabled;
    case DomainStatus::kDisabled: return DomainRow::Status::kDisabled;
    case DomainStatus::kDeleting: return DomainRow::Status::kDeleting;
  }
  return DomainRow::Status::kEnabled;
}

// The checks every change of an existing dynamic domain starts with.
boost::system::result<DomainEntry, DomainError> changeable(ApiServices& s,
                                                           const std::string& domain) {
  if (!s.stores.domains) {
    return failure("db_error", "The storage keeps no dynamic domains");
  }
  auto entry = s.router.domains().find(domain);
  if (!entry) return not_found();
  if (entry->is_static) return failure("static", "Domain is static");
  return *entry;
}

// Ends every session of `domain`: RFC 6120 §4.9.3.5, the host is no longer served here.
void end_sessions(ApiServices& s, const std::string& domain) {
  std::set<std::string> users;
  for (const auto& [full, info] : s.router.sessions().all(domain)) {
    users.insert(full.substr(0, full.find('/')));
  }
  for (const auto& bare : users) {
    auto jid = jid::Jid::parse(bare);
    if (!jid) continue;
    s.router.sessions().terminate_all(*jid, stanza::StreamErrorCondition::kHostGone,
                                      "The domain is no longer served");
  }
}

asio::awaitable<Result<void>> store_status(ApiServices& s, DomainEntry& entry,
                                           DomainStatus status) {
  auto call = s.stores.domains->set_domain_status(entry.domain, row_status(status));
  auto changed = co_await std::move(call);
  if (!changed) co_return changed.error();
  entry.status = status;
  s.router.domains().put(entry);
  if (status != DomainStatus::kEnabled) end_sessions(s, entry.domain);
  co_return Result<void>{};
}

// Removes one account of a domain no longer served: the modules take leave first, as for an
// account removed on its own.
asio::awaitable<Result<void>> remove_user(ApiServices& s, std::string user, std::string domain) {
  hooks::UserEvent event{user, domain};
  co_await s.router.hooks().remove_user.run(event);
  auto call = s.stores.accounts->remove(std::move(user), std::move(domain));
  auto removed = co_await std::move(call);
  if (!removed) co_return removed.error();
  co_return Result<void>{};
}

asio::awaitable<Result<std::size_t>> remove_accounts(ApiServices& s, std::string domain) {
  auto call = s.stores.accounts->list(domain);
  auto users = co_await std::move(call);
  if (!users) co_return users.error();
  for (auto& user : *users) {
    auto removal = remove_user(s, std::move(user), domain);
    auto removed = co_await std::move(removal);
    if (!removed) co_return removed.error();
  }
  co_return users->size();
}

}  // namespace

asio::awaitable<Result<std::vector<std::string>>> load_dynamic_domains(
    storage::DomainStore& store, router::DomainRegistry& registry) {
  auto call = store.domains();
  auto rows = co_await std::move(call);
  if (!rows) co_return rows.error();
  std::vector<std::string> deleting;
  for (auto& row : *rows) {
    auto known = registry.find(row.domain);
    if (known && known->is_static) {
      log()->warn("dynamic_domain_ignored domain={} reason=\"it is in general.hosts\"", row.domain);
      continue;
    }
    if (!registry.is_dynamic_type(row.host_type)) {
      // Kept in the database, neither served nor listed until its type is configured again.
      log()->warn(
          "dynamic_domain_ignored domain={} host_type={} reason=\"not in "
          "general.host_types\"",
          row.domain, row.host_type);
      continue;
    }
    if (row.status == DomainRow::Status::kDeleting) deleting.push_back(row.domain);
    registry.put(DomainEntry{row.domain, row.host_type, registry_status(row.status), false});
  }
  co_return deleting;
}

asio::awaitable<DomainResult> add_domain(ApiServices& s, std::string domain,
                                         std::string host_type) {
  if (!s.stores.domains) co_return failure("db_error", "The storage keeps no dynamic domains");
  auto& registry = s.router.domains();
  auto known = registry.find(domain);
  if (known && known->is_static) co_return failure("static", "Domain is static");
  if (!registry.is_dynamic_type(host_type)) {
    co_return failure("unknown_host_type", "Unknown host type");
  }
  if (!known && s.router.serves(domain)) {
    co_return failure("duplicate", "A service or component of this server has that name");
  }
  auto call = s.stores.domains->insert_domain(DomainRow{domain, host_type});
  auto existing = co_await std::move(call);
  if (!existing) co_return db_error(existing.error());
  if (*existing) {
    const auto& row = **existing;
    if (row.host_type != host_type) co_return failure("duplicate", "Domain already exists");
    if (row.status == DomainRow::Status::kDeleting) {
      co_return failure("duplicate", "Domain is being removed");
    }
    DomainEntry entry{row.domain, row.host_type, registry_status(row.status), false};
    registry.put(entry);
    co_return entry;
  }
  DomainEntry entry{domain, host_type, DomainStatus::kEnabled, false};
  registry.put(entry);
  log()->info("domain_added domain={} host_type={}", domain, host_type);
  co_return entry;
}

asio::awaitable<DomainResult> set_domain_enabled(ApiServices& s, std::string domain, bool enabled) {
  auto entry = changeable(s, domain);
  if (!entry) co_return entry.error();
  if (entry->status == DomainStatus::kDeleting) {
    co_return failure("domain_not_found", "The domain is being removed");
  }
  auto status = enabled ? DomainStatus::kEnabled : DomainStatus::kDisabled;
  auto change = store_status(s, *entry, status);
  auto changed = co_await std::move(change);
  if (!changed) co_return db_error(changed.error());
  log()->info("domain_{} domain={}", enabled ? "enabled" : "disabled", domain);
  co_return *entry;
}

asio::awaitable<DomainResult> remove_domain(ApiServices& s, std::string domain,
                                            std::string host_type, bool wait) {
  auto entry = changeable(s, domain);
  if (!entry) co_return entry.error();
  if (!s.router.domains().is_dynamic_type(host_type)) {
    co_return failure("unknown_host_type", "Unknown host type");
  }
  if (entry->host_type != host_type) {
    co_return failure("wrong_host_type", "Wrong host type was provided");
  }
  if (entry->status != DomainStatus::kDeleting) {
    auto change = store_status(s, *entry, DomainStatus::kDeleting);
    auto changed = co_await std::move(change);
    if (!changed) co_return db_error(changed.error());
  }
  if (wait) {
    co_await finish_removal(s, domain);
  } else {
    auto executor = co_await asio::this_coro::executor;
    net::spawn_owned(s.tasks, executor, finish_removal(s, domain), "domain_removal");
  }
  co_return *entry;
}

asio::awaitable<void> finish_removal(ApiServices& s, std::string domain) {
  log()->info("domain_removal_started domain={}", domain);
  auto accounts = remove_accounts(s, domain);
  auto removed = co_await std::move(accounts);
  if (!removed) {
    // The domain stays "deleting": the next start tries again.
    log()->error("domain_removal_failed domain={} error=\"{}\"", domain, removed.error().text);
    co_return;
  }
  auto call = s.stores.domains->remove_domain(domain);
  auto gone = co_await std::move(call);
  if (!gone) {
    log()->error("domain_removal_failed domain={} error=\"{}\"", domain, gone.error().text);
    co_return;
  }
  s.router.domains().erase(domain);
  log()->info("domain_removed domain={} accounts={}", domain, *removed);
}

}  // namespace meerkat::api

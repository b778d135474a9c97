// SPDX-License-Identifier: Apache-2.0
// offline: clearing out stored offline messages (mod_offline).
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"

namespace meerkat::api::graphql {

namespace {

// mod_offline keeps no expiry per message (XEP-0023 is obsolete and not honoured), so no
// stored message is ever expired: the answer says so rather than pretending to look.
Awaitable delete_expired(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  co_return Resolved(json::value("Removed 0 messages: offline messages carry no expiry time"));
}

Awaitable delete_old(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  auto cutoff = std::chrono::system_clock::now() - std::chrono::days(*opt_int(c, "days"));
  auto call = s.stores.offline->remove_older_than(domain, cutoff);
  auto removed = co_await std::move(call);
  if (!removed) co_return internal_error(removed.error());
  co_return Resolved(json::value("Removed " + std::to_string(*removed) + " messages"));
}

}  // namespace

void add_offline_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "OfflineAdminMutation", "deleteExpiredMessages",
              delete_expired);
  add_command(executors.admin, services, "OfflineAdminMutation", "deleteOldMessages", delete_old);
}

}  // namespace meerkat::api::graphql

// SPDX-License-Identifier: Apache-2.0
// Dynamic domains (MongooseIM's domain API): domains added at run time to one of
// general.host_types, kept in the DomainStore and served through the router's
// DomainRegistry. Static domains (general.hosts) cannot be changed here.
//
// Removing a domain first stops serving it (status "deleting", its sessions end with
// <host-gone/>), then removes every account with the modules' remove_user hooks, then the
// domain itself. A removal cut short by a stop is resumed at the next start.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <vector>

#include "api/api_services.hpp"
#include "router/domain_registry.hpp"
#include "storage/domain_store.hpp"

namespace meerkat::api {

// `code` is MongooseIM's: static, unknown_host_type, wrong_host_type, duplicate,
// domain_not_found, db_error.
struct DomainError {
  std::string code;
  std::string message;
};
using DomainResult = boost::system::result<router::DomainEntry, DomainError>;

// Start-up: puts the stored dynamic domains into the registry and answers which of them were
// being removed when the server stopped. A stored domain that is also in general.hosts stays
// static, and one whose host type is no longer configured is left out, each with a warning.
boost::asio::awaitable<Result<std::vector<std::string>>> load_dynamic_domains(
    storage::DomainStore& store, router::DomainRegistry& registry);

// Adds `domain` (nameprep'd) to `host_type`, enabled. Adding it again to the same host type
// changes nothing and succeeds.
boost::asio::awaitable<DomainResult> add_domain(ApiServices& services, std::string domain,
                                                std::string host_type);
// Serves or stops serving a dynamic domain; stopping ends its sessions.
boost::asio::awaitable<DomainResult> set_domain_enabled(ApiServices& services, std::string domain,
                                                        bool enabled);
// Removes a dynamic domain of `host_type` with its accounts and their data. `wait`: return
// once everything is gone (status kDeleting is then reported as deleted by the caller);
// otherwise the removal runs in the background.
boost::asio::awaitable<DomainResult> remove_domain(ApiServices& services, std::string domain,
                                                   std::string host_type, bool wait);
// Removes what is left of a domain that is already "deleting" (after a restart).
boost::asio::awaitable<void> finish_removal(ApiServices& services, std::string domain);

}  // namespace meerkat::api

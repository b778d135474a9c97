// SPDX-License-Identifier: Apache-2.0
// What every GraphQL command file uses: argument access, the caller, errors with MongooseIM's
// codes, and registration of a command coroutine as the resolver of "Type.field".
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "api/api_services.hpp"
#include "api/graphql/caller.hpp"
#include "core/error/error.hpp"
#include "core/jid/jid.hpp"
#include "core/xml/element.hpp"
#include "graphql/execution.hpp"
#include "hooks/iq_handlers.hpp"

namespace meerkat::api::graphql {

namespace json = boost::json;
using meerkat::graphql::Executor;
using meerkat::graphql::FieldContext;
using meerkat::graphql::FieldError;
using meerkat::graphql::FieldResult;
using meerkat::graphql::Resolved;
using Awaitable = boost::asio::awaitable<FieldResult>;

// A command: a coroutine over the server's services and the field being resolved.
using Command = Awaitable (*)(ApiServices&, const FieldContext&);

inline void add_command(Executor& executor, ApiServices& services, const std::string& type,
                        const std::string& field, Command command) {
  executor.resolve(type, field,
                   [&services, command](const FieldContext& c) { return command(services, c); });
}

inline const Caller& caller_of(const FieldContext& c) {
  return static_cast<const Caller&>(c.request);
}

// Arguments, as the scalars' coercions left them (JIDs normalised, ints in range).
std::string arg_string(const FieldContext& c, std::string_view name);
std::optional<std::string> opt_string(const FieldContext& c, std::string_view name);
std::optional<std::int64_t> opt_int(const FieldContext& c, std::string_view name);
jid::Jid arg_jid(const FieldContext& c, std::string_view name);

// The API's DateTime: "YYYY-MM-DDTHH:mm:ssZ", whole seconds in UTC.
std::string api_datetime(std::chrono::system_clock::time_point when);

// Error codes as MongooseIM's API reports them in "extensions".
FieldError bad_input(std::string message);           // "bad_request"
FieldError not_found(std::string message);           // "not_found"
FieldError internal_error(const Error& error);       // "internal_server_error"
FieldError unknown_user(const jid::Jid& user);       // "user_does_not_exist"
FieldError unknown_domain(std::string_view domain);  // "domain_not_found"

// Runs `job` on a thread of its own (hashing many passwords, reading files) and resumes on
// the caller's shard once it is done: a shard never blocks.
boost::asio::awaitable<void> run_off_shard(std::function<void()> job);

// What a client of `from` sending `stanza` would cause: the user_send_packet hooks (archive,
// carbons), for subscription presences the roster's bookkeeping, then routing.
boost::asio::awaitable<void> send_as(ApiServices& services, jid::Jid from, jid::Jid to,
                                     xml::Element stanza);

// An IQ of `user` to their own account (roster set, vCard set, private XML) handled by the
// module that serves its namespace, as if one of the user's clients had sent it.
boost::asio::awaitable<hooks::IqReply> user_iq(ApiServices& services, jid::Jid user,
                                               xml::Element iq);

// Deletes the account and everything stored for the user (the modules take leave first, so
// contacts are told), then ends the user's sessions.
boost::asio::awaitable<std::optional<FieldError>> remove_account(ApiServices& services,
                                                                 jid::Jid user);

// The user named by `jid` is a registered account of a local host; the error otherwise.
boost::asio::awaitable<std::optional<FieldError>> check_user(ApiServices& services, jid::Jid user);

}  // namespace meerkat::api::graphql

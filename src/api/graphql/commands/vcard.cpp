// SPDX-License-Identifier: Apache-2.0
// vcard: reading and setting a user's vCard (XEP-0054). Setting goes through mod_vcard, as
// the user's own client would set it.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "api/graphql/commands/vcard_mapping.hpp"
#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/xml/element_parser.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;

asio::awaitable<FieldResult> get_vcard(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto call = s.stores.vcard->get(std::string(user.node()), std::string(user.domain()));
  auto stored = co_await std::move(call);
  if (!stored) co_return internal_error(stored.error());
  if (!*stored) co_return not_found("Vcard for user not found");
  auto vcard = xml::parse_element(**stored, ns::kVcard);
  if (!vcard) co_return internal_error(vcard.error());
  co_return Resolved(vcard_to_json(*vcard));
}

asio::awaitable<FieldResult> set_vcard(ApiServices& s, jid::Jid user, const json::object& input) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto vcard = vcard_from_json(input);
  xml::Element iq("iq", std::string(ns::kClient));
  iq.set_attr("type", "set");
  iq.set_attr("id", stanza::make_id());
  iq.append(vcard);
  auto call = user_iq(s, user.bare(), std::move(iq));
  auto reply = co_await std::move(call);
  if (!reply) co_return bad_input("The vCard was refused: " + reply.error().text);
  co_return Resolved(vcard_to_json(vcard));
}

Awaitable admin_get(ApiServices& s, const FieldContext& c) {
  auto run = get_vcard(s, arg_jid(c, "user"));
  co_return co_await std::move(run);
}

Awaitable admin_set(ApiServices& s, const FieldContext& c) {
  auto run = set_vcard(s, arg_jid(c, "user"), c.arguments.at("vcard").as_object());
  co_return co_await std::move(run);
}

// Users read anyone's vCard (as XEP-0054 lets them) and set their own.
Awaitable user_get(ApiServices& s, const FieldContext& c) {
  auto who = opt_string(c, "user") ? arg_jid(c, "user") : caller_of(c).user;
  auto run = get_vcard(s, who);
  co_return co_await std::move(run);
}

Awaitable user_set(ApiServices& s, const FieldContext& c) {
  auto run = set_vcard(s, caller_of(c).user, c.arguments.at("vcard").as_object());
  co_return co_await std::move(run);
}

}  // namespace

void add_vcard_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "VcardAdminQuery", "getVcard", admin_get);
  add_command(executors.admin, services, "VcardAdminMutation", "setVcard", admin_set);
  add_command(executors.user, services, "VcardUserQuery", "getVcard", user_get);
  add_command(executors.user, services, "VcardUserMutation", "setVcard", user_set);
}

}  // namespace meerkat::api::graphql

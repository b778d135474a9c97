// SPDX-License-Identifier: Apache-2.0
// private: a user's private XML storage (XEP-0049, mod_private).
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;

// What is stored under `xmlns`, or the empty element when nothing is (XEP-0049 §2.3).
asio::awaitable<FieldResult> get_private(ApiServices& s, jid::Jid user, std::string element,
                                         std::string xmlns) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto call =
      s.stores.private_storage->get(std::string(user.node()), std::string(user.domain()), xmlns);
  auto stored = co_await std::move(call);
  if (!stored) co_return internal_error(stored.error());
  if (*stored) co_return Resolved(json::value(json::string(**stored)));
  co_return Resolved(json::value(json::string(xml::to_string(xml::Element(element, xmlns)))));
}

asio::awaitable<FieldResult> set_private(ApiServices& s, jid::Jid user, std::string text) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto element = xml::parse_element(text, "");
  if (!element) co_return bad_input("Invalid XML: " + element.error().text);
  if (element->xmlns().empty()) co_return bad_input("The element needs a namespace");
  xml::Element iq("iq", std::string(ns::kClient));
  iq.set_attr("type", "set");
  iq.set_attr("id", stanza::make_id());
  iq.append(xml::Element("query", std::string(ns::kPrivate))).append(*element);
  auto call = user_iq(s, user.bare(), std::move(iq));
  auto reply = co_await std::move(call);
  if (!reply)
    co_return bad_input("The element was refused: " +
                        std::string(to_string(reply.error().condition)));
  co_return Resolved(json::value(json::string(xml::to_string(*element))));
}

Awaitable admin_get(ApiServices& s, const FieldContext& c) {
  auto run =
      get_private(s, arg_jid(c, "user"), arg_string(c, "element"), arg_string(c, "nameSpace"));
  co_return co_await std::move(run);
}
Awaitable admin_set(ApiServices& s, const FieldContext& c) {
  auto run = set_private(s, arg_jid(c, "user"), arg_string(c, "elementString"));
  co_return co_await std::move(run);
}
Awaitable user_get(ApiServices& s, const FieldContext& c) {
  auto run =
      get_private(s, caller_of(c).user, arg_string(c, "element"), arg_string(c, "nameSpace"));
  co_return co_await std::move(run);
}
Awaitable user_set(ApiServices& s, const FieldContext& c) {
  auto run = set_private(s, caller_of(c).user, arg_string(c, "elementString"));
  co_return co_await std::move(run);
}

}  // namespace

void add_private_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "PrivateAdminQuery", "getPrivate", admin_get);
  add_command(executors.admin, services, "PrivateAdminMutation", "setPrivate", admin_set);
  add_command(executors.user, services, "PrivateUserQuery", "getPrivate", user_get);
  add_command(executors.user, services, "PrivateUserMutation", "setPrivate", user_set);
}

}  // namespace meerkat::api::graphql

// SPDX-License-Identifier: Apache-2.0
// REST admin API, group "contacts": a user's roster (roster.* commands), changed as the
// user's own client would change it.
#include "api/rest/admin_routes.hpp"
#include "api/rest/roster_items.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kListContacts =
    "query($user: JID!) { roster { listContacts(user: $user) { jid subscription ask } } }";
constexpr const char* kGetContact =
    "query($user: JID!, $contact: JID!) "
    "{ roster { getContact(user: $user, contact: $contact) { jid } } }";
constexpr const char* kAddContact =
    "mutation($user: JID!, $contact: JID!) "
    "{ roster { addContact(user: $user, contact: $contact) } }";
constexpr const char* kSubscription =
    "mutation($user: JID!, $contact: JID!, $action: SubAction!) "
    "{ roster { subscription(user: $user, contact: $contact, action: $action) } }";
constexpr const char* kDeleteContact =
    "mutation($user: JID!, $contact: JID!) "
    "{ roster { deleteContact(user: $user, contact: $contact) } }";
constexpr const char* kMutual =
    "mutation($a: JID!, $b: JID!, $action: MutualSubAction!) "
    "{ roster { setMutualSubscription(userA: $a, userB: $b, action: $action) } }";

// GET /contacts/{user}
Reply list_contacts(RestCall call) {
  auto run = call.graphql("roster", "listContacts", kListContacts, {{"user", call.param(0)}});
  auto contacts = co_await std::move(run);
  if (!contacts) co_return error_reply(call.request(), contacts.error());
  co_return json_reply(call.request(), http::Status::ok, contacts_json(*contacts));
}

// POST /contacts/{user} {jid}: on the roster, without a subscription.
Reply add_contact(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto contact = string_field(*body, "jid", "JID");
  if (!contact) co_return error_reply(call.request(), contact.error());
  auto run = call.graphql("roster", "addContact", kAddContact,
                          {{"user", call.param(0)}, {"contact", *contact}});
  auto added = co_await std::move(run);
  if (!added) co_return error_reply(call.request(), added.error());
  co_return no_content(call.request());
}

// PUT /contacts/{user}/{contact} {action}: 404 when the contact is not on the roster.
Reply change_subscription(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto action = string_field(*body, "action", "action");
  if (!action) co_return error_reply(call.request(), action.error());
  auto value = subscription_action(*action);
  if (!value) co_return error_reply(call.request(), bad_request("Invalid action"));
  json::object names{{"user", call.param(0)}, {"contact", call.param(1)}};
  auto lookup = call.graphql("roster", "getContact", kGetContact, names);
  auto found = co_await std::move(lookup);
  if (!found) co_return error_reply(call.request(), found.error());
  names["action"] = *value;
  auto run = call.graphql("roster", "subscription", kSubscription, std::move(names));
  auto sent = co_await std::move(run);
  if (!sent) co_return error_reply(call.request(), sent.error());
  co_return no_content(call.request());
}

// DELETE /contacts/{user}/{contact}
Reply delete_contact(RestCall call) {
  auto run = call.graphql("roster", "deleteContact", kDeleteContact,
                          {{"user", call.param(0)}, {"contact", call.param(1)}});
  auto deleted = co_await std::move(run);
  if (!deleted) co_return error_reply(call.request(), deleted.error());
  co_return no_content(call.request());
}

// PUT /contacts/{user}/{contact}/manage {action: connect | disconnect}
Reply manage_subscription(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto action = string_field(*body, "action", "action");
  if (!action) co_return error_reply(call.request(), action.error());
  if (*action != "connect" && *action != "disconnect") {
    co_return error_reply(call.request(), bad_request("Invalid action"));
  }
  auto run = call.graphql("roster", "setMutualSubscription", kMutual,
                          {{"a", call.param(0)},
                           {"b", call.param(1)},
                           {"action", *action == "connect" ? "CONNECT" : "DISCONNECT"}});
  auto done = co_await std::move(run);
  if (!done) co_return error_reply(call.request(), done.error());
  co_return no_content(call.request());
}

}  // namespace

void add_admin_contact_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(),
                {
                    {Verb::get, "contacts/:user", "contacts", list_contacts},
                    {Verb::post, "contacts/:user", "contacts", add_contact},
                    {Verb::put, "contacts/:user/:contact", "contacts", change_subscription},
                    {Verb::delete_, "contacts/:user/:contact", "contacts", delete_contact},
                    {Verb::put, "contacts/:user/:contact/manage", "contacts", manage_subscription},
                });
}

}  // namespace meerkat::api::rest

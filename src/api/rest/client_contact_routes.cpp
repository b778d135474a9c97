// SPDX-License-Identifier: Apache-2.0
// REST client API, group "contacts": the caller's roster (roster.* user commands).
#include "api/rest/client_routes.hpp"
#include "api/rest/roster_items.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kListContacts = "query { roster { listContacts { jid subscription ask } } }";
constexpr const char* kGetContact =
    "query($contact: JID!) { roster { getContact(contact: $contact) { jid } } }";
constexpr const char* kAddContact =
    "mutation($contact: JID!) { roster { addContact(contact: $contact) } }";
constexpr const char* kSubscription =
    "mutation($contact: JID!, $action: SubAction!) "
    "{ roster { subscription(contact: $contact, action: $action) } }";
constexpr const char* kDeleteContact =
    "mutation($contact: JID!) { roster { deleteContact(contact: $contact) } }";

// GET /contacts
Reply list_contacts(RestCall call) {
  auto run = call.graphql("roster", "listContacts", kListContacts, {});
  auto contacts = co_await std::move(run);
  if (!contacts) co_return error_reply(call.request(), contacts.error());
  co_return json_reply(call.request(), http::Status::ok, contacts_json(*contacts));
}

// POST /contacts {jid}
Reply add_contact(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto contact = string_field(*body, "jid", "JID");
  if (!contact) co_return error_reply(call.request(), contact.error());
  auto run = call.graphql("roster", "addContact", kAddContact, {{"contact", *contact}});
  auto added = co_await std::move(run);
  if (!added) co_return error_reply(call.request(), added.error());
  co_return no_content(call.request());
}

// DELETE /contacts {to_delete: [jid, …]}: 200 {not_deleted: [the ones left]}. One GraphQL
// mutation deletes them all, one aliased field per contact, so each fails on its own.
Reply delete_contacts(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  const auto* list = body->if_contains("to_delete");
  if (!list) co_return error_reply(call.request(), bad_request("Missing to_delete"));
  if (!list->is_array()) co_return error_reply(call.request(), bad_request("Invalid to_delete"));
  const auto& items = list->as_array();
  // The valid JIDs go into the mutation as $c<i> / d<i>, i being their place in the list.
  std::string params;
  std::string fields;
  json::object variables;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string() || !jid::Jid::parse(items[i].as_string())) continue;
    auto n = std::to_string(i);
    params += (params.empty() ? "$c" : ", $c") + n + ": JID!";
    fields += " d" + n + ": deleteContact(contact: $c" + n + ")";
    variables["c" + n] = items[i];
  }
  const json::object* deleted = nullptr;
  meerkat::graphql::ExecutionResult result;
  if (!fields.empty()) {
    auto run =
        call.execute("mutation(" + params + ") { roster {" + fields + " } }", std::move(variables));
    result = co_await std::move(run);
    // Refused as a whole (bad variables) or without mod_roster: no contact was touched.
    auto error = error_of(result.response, result.request_error);
    if (error && (result.request_error || error->code == "deps_not_loaded")) {
      co_return error_reply(call.request(), *error);
    }
    if (const auto* data = result.response.if_contains("data"); data && data->is_object()) {
      const auto* roster = data->as_object().if_contains("roster");
      if (roster && roster->is_object()) deleted = &roster->as_object();
    }
  }
  json::array not_deleted;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto* done = deleted ? deleted->if_contains("d" + std::to_string(i)) : nullptr;
    if (!done || done->is_null()) not_deleted.push_back(items[i]);
  }
  co_return json_reply(call.request(), http::Status::ok,
                       json::object{{"not_deleted", std::move(not_deleted)}});
}

// PUT /contacts/{contact} {action: invite | accept}: 404 when not on the roster.
Reply change_subscription(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto action = string_field(*body, "action", "action");
  if (!action) co_return error_reply(call.request(), action.error());
  auto value = subscription_action(*action);
  if (!value) co_return error_reply(call.request(), bad_request("Invalid action"));
  auto lookup = call.graphql("roster", "getContact", kGetContact, {{"contact", call.param(0)}});
  auto found = co_await std::move(lookup);
  if (!found) co_return error_reply(call.request(), found.error());
  auto run = call.graphql("roster", "subscription", kSubscription,
                          {{"contact", call.param(0)}, {"action", *value}});
  auto sent = co_await std::move(run);
  if (!sent) co_return error_reply(call.request(), sent.error());
  co_return no_content(call.request());
}

// DELETE /contacts/{contact}
Reply delete_contact(RestCall call) {
  auto run = call.graphql("roster", "deleteContact", kDeleteContact, {{"contact", call.param(0)}});
  auto deleted = co_await std::move(run);
  if (!deleted) co_return error_reply(call.request(), deleted.error());
  co_return no_content(call.request());
}

}  // namespace

void add_client_contact_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(), {
                                  {Verb::get, "contacts", "contacts", list_contacts},
                                  {Verb::post, "contacts", "contacts", add_contact},
                                  {Verb::delete_, "contacts", "contacts", delete_contacts},
                                  {Verb::put, "contacts/:contact", "contacts", change_subscription},
                                  {Verb::delete_, "contacts/:contact", "contacts", delete_contact},
                              });
}

}  // namespace meerkat::api::rest

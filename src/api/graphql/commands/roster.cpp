// SPDX-License-Identifier: Apache-2.0
// roster: a user's contacts, changed as the user's own client would change them (a roster
// set handled by mod_roster, which pushes it to the user's sessions) and subscriptions sent
// as the user's presence stanzas, so that both sides' rosters follow RFC 6121.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "core/ns.hpp"
#include "core/stanza/id.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;

json::value contact_json(const storage::RosterItem& item) {
  static constexpr const char* kSubscriptions[] = {"NONE", "TO", "FROM", "BOTH"};
  const char* ask = item.pending_out && item.pending_in ? "BOTH"
                    : item.pending_out                  ? "OUT"
                    : item.pending_in                   ? "IN"
                                                        : "NONE";
  json::array groups;
  for (const auto& g : item.groups) groups.emplace_back(json::string(g));
  return json::object{{"jid", item.jid},
                      {"name", item.name},
                      {"groups", std::move(groups)},
                      {"subscription", kSubscriptions[static_cast<int>(item.subscription)]},
                      {"ask", ask}};
}

asio::awaitable<FieldResult> list_contacts(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return *error;
  auto call = s.stores.roster->roster(std::string(user.node()), std::string(user.domain()));
  auto roster = co_await std::move(call);
  if (!roster) co_return internal_error(roster.error());
  json::array out;
  for (const auto& item : roster->items) {
    if (item.in_roster) out.push_back(contact_json(item));
  }
  co_return Resolved(json::value(std::move(out)));
}

asio::awaitable<FieldResult> get_contact(ApiServices& s, jid::Jid user, jid::Jid contact) {
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return *error;
  auto call = s.stores.roster->item(std::string(user.node()), std::string(user.domain()),
                                    contact.bare().to_string());
  auto item = co_await std::move(call);
  if (!item) co_return internal_error(item.error());
  if (!*item || !(*item)->in_roster) co_return not_found("Given contact does not exist");
  co_return Resolved(contact_json(**item));
}

// A roster set of `user` with one item; `remove` deletes it (RFC 6121 §2.5).
asio::awaitable<std::optional<FieldError>> roster_set(ApiServices& s, jid::Jid user,
                                                      jid::Jid contact, std::string name,
                                                      std::vector<std::string> groups,
                                                      bool remove) {
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return error;
  if (contact.bare() == user.bare()) co_return bad_input("A user cannot be their own contact");
  xml::Element iq("iq", std::string(ns::kClient));
  iq.set_attr("type", "set");
  iq.set_attr("id", stanza::make_id());
  auto& item = iq.append(xml::Element("query", std::string(ns::kRoster)))
                   .append(xml::Element("item", std::string(ns::kRoster)));
  item.set_attr("jid", contact.bare().to_string());
  if (remove) {
    item.set_attr("subscription", "remove");
  } else {
    if (!name.empty()) item.set_attr("name", name);
    for (const auto& g : groups) {
      item.append(xml::Element("group", std::string(ns::kRoster))).append_text(g);
    }
  }
  auto call = user_iq(s, user.bare(), std::move(iq));
  auto reply = co_await std::move(call);
  if (!reply) {
    if (reply.error().condition == Condition::kItemNotFound)
      co_return not_found("Given contact does not exist");
    if (reply.error().condition == Condition::kServiceUnavailable) {
      co_return FieldError::coded("mod_roster is not enabled", "deps_not_loaded");
    }
    co_return bad_input(reply.error().text.empty() ? std::string(to_string(reply.error().condition))
                                                   : reply.error().text);
  }
  co_return std::nullopt;
}

std::vector<std::string> groups_of(const json::value* v) {
  std::vector<std::string> out;
  if (!v || !v->is_array()) return out;
  for (const auto& g : v->as_array()) out.emplace_back(g.as_string());
  return out;
}

asio::awaitable<FieldResult> add_contact(ApiServices& s, jid::Jid user, const FieldContext& c) {
  auto set = roster_set(s, user, arg_jid(c, "contact"), opt_string(c, "name").value_or(""),
                        groups_of(c.arguments.if_contains("groups")), false);
  if (auto error = co_await std::move(set)) co_return *error;
  co_return Resolved(json::value("Contact added"));
}

// Several contacts at once; each gets its own result line, failures included.
asio::awaitable<FieldResult> add_contacts(ApiServices& s, jid::Jid user, const json::array& list) {
  json::array out;
  for (const auto& entry : list) {
    const auto& o = entry.as_object();
    auto contact = jid::Jid::parse(o.at("jid").as_string());
    auto set = roster_set(s, user, *contact, std::string(o.at("name").as_string()),
                          groups_of(o.if_contains("groups")), false);
    auto error = co_await std::move(set);
    out.emplace_back(json::string(error ? contact->to_string() + ": " + error->message
                                        : contact->to_string() + ": contact added"));
  }
  co_return Resolved(json::value(std::move(out)));
}

asio::awaitable<FieldResult> delete_contacts(ApiServices& s, jid::Jid user,
                                             const json::array& list) {
  json::array out;
  for (const auto& entry : list) {
    auto contact = jid::Jid::parse(entry.as_string());
    auto set = roster_set(s, user, *contact, {}, {}, true);
    auto error = co_await std::move(set);
    out.emplace_back(json::string(error ? contact->to_string() + ": " + error->message
                                        : contact->to_string() + ": contact deleted"));
  }
  co_return Resolved(json::value(std::move(out)));
}

// The subscription presence `type` from `user` to `contact`, as the user's client sends it.
asio::awaitable<std::optional<FieldError>> subscription_presence(ApiServices& s, jid::Jid user,
                                                                 jid::Jid contact,
                                                                 std::string type) {
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return error;
  xml::Element presence("presence", std::string(ns::kClient));
  presence.set_attr("type", type);
  presence.set_attr("from", user.bare().to_string());
  presence.set_attr("to", contact.bare().to_string());
  auto send = send_as(s, user.bare(), contact.bare(), std::move(presence));
  co_await std::move(send);
  co_return std::nullopt;
}

std::string presence_type(std::string_view action) {
  if (action == "INVITE") return "subscribe";
  if (action == "ACCEPT") return "subscribed";
  if (action == "DECLINE") return "unsubscribed";
  return "unsubscribe";  // CANCEL
}

asio::awaitable<FieldResult> subscription(ApiServices& s, jid::Jid user, const FieldContext& c) {
  auto action = arg_string(c, "action");
  auto send = subscription_presence(s, user, arg_jid(c, "contact"), presence_type(action));
  if (auto error = co_await std::move(send)) co_return *error;
  co_return Resolved(
      json::value("Subscription stanza with type " + presence_type(action) + " sent"));
}

// Both users see each other with subscription "both": each asks, the other approves.
asio::awaitable<std::optional<FieldError>> connect(ApiServices& s, jid::Jid a, jid::Jid b) {
  for (auto [from, to, type] : {std::tuple{a, b, "subscribe"}, std::tuple{b, a, "subscribed"},
                                std::tuple{b, a, "subscribe"}, std::tuple{a, b, "subscribed"}}) {
    auto send = subscription_presence(s, from, to, type);
    if (auto error = co_await std::move(send)) co_return error;
  }
  co_return std::nullopt;
}

asio::awaitable<std::optional<FieldError>> disconnect(ApiServices& s, jid::Jid a, jid::Jid b) {
  auto first = roster_set(s, a, b, {}, {}, true);
  auto error = co_await std::move(first);
  if (error && error->extensions["code"] != "not_found") co_return error;
  auto second = roster_set(s, b, a, {}, {}, true);
  error = co_await std::move(second);
  if (error && error->extensions["code"] != "not_found") co_return error;
  co_return std::nullopt;
}

Awaitable set_mutual_subscription(ApiServices& s, const FieldContext& c) {
  auto a = arg_jid(c, "userA");
  auto b = arg_jid(c, "userB");
  bool join = arg_string(c, "action") == "CONNECT";
  auto change = join ? connect(s, a, b) : disconnect(s, a, b);
  if (auto error = co_await std::move(change)) co_return *error;
  co_return Resolved(json::value(join ? "Mutual subscription set" : "Mutual subscription removed"));
}

// Names the contacts as the input says (a roster set), then connects the two.
asio::awaitable<std::string> befriend(ApiServices& s, const json::object& a,
                                      const json::object& b) {
  auto ja = *jid::Jid::parse(a.at("jid").as_string());
  auto jb = *jid::Jid::parse(b.at("jid").as_string());
  auto name_b = roster_set(s, ja, jb, std::string(b.at("name").as_string()),
                           groups_of(b.if_contains("groups")), false);
  auto error = co_await std::move(name_b);
  if (!error) {
    auto name_a = roster_set(s, jb, ja, std::string(a.at("name").as_string()),
                             groups_of(a.if_contains("groups")), false);
    error = co_await std::move(name_a);
  }
  if (!error) {
    auto join = connect(s, ja, jb);
    error = co_await std::move(join);
  }
  auto pair = ja.to_string() + " and " + jb.to_string();
  co_return error ? pair + ": " + error->message : pair + ": connected";
}

Awaitable subscribe_to_all(ApiServices& s, const FieldContext& c) {
  const auto& user = c.arguments.at("user").as_object();
  json::array out;
  for (const auto& contact : c.arguments.at("contacts").as_array()) {
    auto join = befriend(s, user, contact.as_object());
    out.emplace_back(json::string(co_await std::move(join)));
  }
  co_return Resolved(json::value(std::move(out)));
}

Awaitable subscribe_all_to_all(ApiServices& s, const FieldContext& c) {
  const auto& contacts = c.arguments.at("contacts").as_array();
  json::array out;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    for (std::size_t j = i + 1; j < contacts.size(); ++j) {
      auto join = befriend(s, contacts[i].as_object(), contacts[j].as_object());
      out.emplace_back(json::string(co_await std::move(join)));
    }
  }
  co_return Resolved(json::value(std::move(out)));
}

// The admin names the user in "user"; the user endpoint acts for the caller.
jid::Jid owner(const FieldContext& c) {
  return caller_of(c).kind == CallerKind::kUser ? caller_of(c).user : arg_jid(c, "user");
}

Awaitable cmd_list(ApiServices& s, const FieldContext& c) {
  auto run = list_contacts(s, owner(c).bare());
  co_return co_await std::move(run);
}
Awaitable cmd_get(ApiServices& s, const FieldContext& c) {
  auto run = get_contact(s, owner(c).bare(), arg_jid(c, "contact"));
  co_return co_await std::move(run);
}
Awaitable cmd_add(ApiServices& s, const FieldContext& c) {
  auto run = add_contact(s, owner(c).bare(), c);
  co_return co_await std::move(run);
}
Awaitable cmd_add_many(ApiServices& s, const FieldContext& c) {
  auto run = add_contacts(s, owner(c).bare(), c.arguments.at("contacts").as_array());
  co_return co_await std::move(run);
}
Awaitable cmd_subscription(ApiServices& s, const FieldContext& c) {
  auto run = subscription(s, owner(c).bare(), c);
  co_return co_await std::move(run);
}
Awaitable cmd_delete(ApiServices& s, const FieldContext& c) {
  auto set = roster_set(s, owner(c).bare(), arg_jid(c, "contact"), {}, {}, true);
  if (auto error = co_await std::move(set)) co_return *error;
  co_return Resolved(json::value("Contact deleted"));
}
Awaitable cmd_delete_many(ApiServices& s, const FieldContext& c) {
  auto run = delete_contacts(s, owner(c).bare(), c.arguments.at("contacts").as_array());
  co_return co_await std::move(run);
}

}  // namespace

void add_roster_commands(Executors executors, ApiServices& services) {
  for (auto [executor, prefix] :
       {std::pair{&executors.admin, "RosterAdmin"}, std::pair{&executors.user, "RosterUser"}}) {
    std::string query = std::string(prefix) + "Query";
    std::string mutation = std::string(prefix) + "Mutation";
    add_command(*executor, services, query, "listContacts", cmd_list);
    add_command(*executor, services, query, "getContact", cmd_get);
    add_command(*executor, services, mutation, "addContact", cmd_add);
    add_command(*executor, services, mutation, "addContacts", cmd_add_many);
    add_command(*executor, services, mutation, "subscription", cmd_subscription);
    add_command(*executor, services, mutation, "deleteContact", cmd_delete);
    add_command(*executor, services, mutation, "deleteContacts", cmd_delete_many);
  }
  add_command(executors.admin, services, "RosterAdminMutation", "setMutualSubscription",
              set_mutual_subscription);
  add_command(executors.admin, services, "RosterAdminMutation", "subscribeToAll", subscribe_to_all);
  add_command(executors.admin, services, "RosterAdminMutation", "subscribeAllToAll",
              subscribe_all_to_all);
}

}  // namespace meerkat::api::graphql

// SPDX-License-Identifier: Apache-2.0
#include "modules/mam/mam_module.hpp"

#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_id.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::mam {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_mam");
  return logger;
}

constexpr std::string_view kFasten = "urn:xmpp:fasten:0";  // XEP-0422 (retractions)

std::string origin_id_of(const xml::Element& message) {
  const auto* origin = message.find_child("origin-id", ns::kStanzaId);
  return origin ? std::string(origin->attr_or("id", "")) : std::string();
}

xml::Element result_message(const hooks::IqRequest& request, const std::string& query_id,
                            const storage::ArchivedMessage& archived, xml::Element original) {
  // No 'from': the results come from the user's own account (XEP-0313 §4.2 examples), which
  // is what clients match them against.
  xml::Element message("message", std::string(ns::kClient));
  message.add_attr_unchecked("to", request.from.to_string());
  message.add_attr_unchecked("id", stanza::make_id());
  auto& result = message.append(xml::Element("result", std::string(ns::kMam)));
  if (!query_id.empty()) result.add_attr_unchecked("queryid", query_id);
  result.add_attr_unchecked("id", encode_id(archived.id));
  auto& forwarded = result.append(xml::Element("forwarded", std::string(ns::kForward)));
  auto& delay = forwarded.append(xml::Element("delay", std::string(ns::kDelay)));
  delay.add_attr_unchecked("stamp", stanza::format_datetime(time_of(archived.id)));
  forwarded.append(std::move(original));
  return message;
}

xml::Element fin_element(const storage::MamPage& page, bool counted, bool flip_page) {
  xml::Element fin("fin", std::string(ns::kMam));
  if (page.complete) fin.add_attr_unchecked("complete", "true");
  auto& set = fin.append(xml::Element("set", std::string(ns::kRsm)));
  if (!page.messages.empty()) {
    const auto& first = flip_page ? page.messages.back() : page.messages.front();
    const auto& last = flip_page ? page.messages.front() : page.messages.back();
    auto& first_element = set.append(xml::Element("first", std::string(ns::kRsm)));
    if (counted) first_element.add_attr_unchecked("index", std::to_string(page.first_index));
    first_element.append_text(encode_id(first.id));
    set.append(xml::Element("last", std::string(ns::kRsm))).append_text(encode_id(last.id));
  }
  if (counted) {
    set.append(xml::Element("count", std::string(ns::kRsm))).append_text(std::to_string(page.count));
  }
  return fin;
}

storage::MamDefault default_of(std::string_view text) {
  if (text == "never") return storage::MamDefault::kNever;
  if (text == "roster") return storage::MamDefault::kRoster;
  return storage::MamDefault::kAlways;
}

std::string_view name_of(storage::MamDefault value) {
  switch (value) {
    case storage::MamDefault::kNever: return "never";
    case storage::MamDefault::kRoster: return "roster";
    case storage::MamDefault::kAlways: break;
  }
  return "always";
}

xml::Element prefs_element(const storage::MamPrefs& prefs) {
  xml::Element element("prefs", std::string(ns::kMam));
  element.add_attr_unchecked("default", std::string(name_of(prefs.default_behaviour)));
  for (bool always : {true, false}) {
    auto& list = element.append(xml::Element(always ? "always" : "never", std::string(ns::kMam)));
    for (const auto& jid : always ? prefs.always : prefs.never) {
      list.append(xml::Element("jid", std::string(ns::kMam))).append_text(jid);
    }
  }
  return element;
}

Result<storage::MamPrefs> parse_prefs(const xml::Element& element) {
  storage::MamPrefs prefs;
  auto behaviour = element.attr_or("default", "");
  if (behaviour != "always" && behaviour != "never" && behaviour != "roster") {
    return Error::bad_request("'default' is always, never or roster");
  }
  prefs.default_behaviour = default_of(behaviour);
  for (bool always : {true, false}) {
    const auto* list = element.find_child(always ? "always" : "never", ns::kMam);
    if (!list) continue;
    for (const auto& item : list->children()) {
      if (!item.is("jid", ns::kMam)) continue;
      auto jid = jid::Jid::parse(item.text());
      if (!jid) return Error::jid_malformed("not a JID: " + std::string(item.text()));
      (always ? prefs.always : prefs.never).push_back(std::string(jid->bare_view()));
    }
  }
  return prefs;
}

}  // namespace

MamModule::MamModule(ModuleContext& context, config::modules::MamOptions options)
    : context_(context), options_(std::move(*options.pm)) {
  const auto& archive = options_.archive;
  limits_ = {static_cast<std::size_t>(archive.default_result_limit),
             static_cast<std::size_t>(archive.max_result_limit), archive.full_text_search};
  auto& hooks = context.hooks;
  // After blocking and privacy: what they drop is not archived.
  hooks.user_send_packet.add(std::string(kName), hooks::kPriorityDefault + 20,
                             [this](hooks::StanzaEvent& e) { return archive_sent(e); });
  hooks.filter_local_packet.add(std::string(kName), hooks::kPriorityDefault + 20,
                                [this](hooks::StanzaEvent& e) { return archive_received(e); });
  hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::UserEvent& e) { return remove_user(e); });
  hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kMam),
               [this](hooks::IqRequest& request) { return handle_iq(request); });
  for (auto feature : {ns::kMam, ns::kMamExtended, ns::kStanzaId}) {
    hooks.user_features.emplace_back(feature);
  }
}

// mod_mam_utils' rules: chat and normal messages with a body (or a retraction, or a chat
// marker with archive_chat_markers), not marked no-store/no-permanent-store (XEP-0334).
bool MamModule::is_archivable(const xml::Element& message) const {
  if (message.name() != "message") return false;
  auto type = message.attr_or("type", "normal");
  if (type != "chat" && type != "normal") return false;
  if (message.find_child("no-store", ns::kHints) ||
      message.find_child("no-permanent-store", ns::kHints)) {
    return false;
  }
  if (message.find_child("body", ns::kClient) || message.find_child("apply-to", kFasten)) {
    return true;
  }
  if (!options_.archive.archive_chat_markers) return false;
  for (const auto& child : message.children()) {
    if (child.xmlns() == ns::kChatMarkers) return true;
  }
  return false;
}

void MamModule::store(std::uint64_t id, const jid::Jid& owner, const jid::Jid& remote,
                      bool outgoing, const xml::Element& message) {
  context_.stores.mam->archive({id, std::string(owner.node()), std::string(owner.domain()),
                                std::string(remote.bare_view()), std::string(remote.resource()),
                                outgoing, origin_id_of(message),
                                std::string(message.child_text("body", ns::kClient)),
                                xml::to_string(message, ns::kClient)});
}

// A stamp for the recipient (our stanza-ids are only ever added by this server: clients'
// claims are stripped as they send). From a local user it is the id the sender's side chose
// (same_mam_id_for_peers) or the id of a message archived already and coming back from a
// session that ended; from anyone else, only the latter.
MamModule::Stamp MamModule::stamp_of(const xml::Element& message, const jid::Jid& owner,
                                     const jid::Jid& from) const {
  const auto* stamp = stanza::stanza_id_by(message, owner.bare_view());
  if (!stamp) return {};
  auto id = decode_id(stamp->attr_or("id", ""));
  bool from_local_user = context_.router.is_local_host(from.domain()) && from.has_node();
  if (!id || !from_local_user) return {std::nullopt, true};
  return {id, false};
}

asio::awaitable<HookResult> MamModule::archive_sent(hooks::StanzaEvent& event) {
  if (event.stanza.name() != "message") co_return HookResult::kContinue;
  // Only the server stamps stanza-ids for its users; a client's claim is removed.
  stanza::strip_stanza_ids(event.stanza, event.to.bare_view());
  stanza::strip_stanza_ids(event.stanza, event.from.bare_view());
  if (!is_archivable(event.stanza)) co_return HookResult::kContinue;
  bool wanted = co_await wanted_by(event.from, event.to);
  bool to_local_user = context_.router.is_local_host(event.to.domain()) && event.to.has_node();
  bool stamp_for_peer =
      options_.same_mam_id_for_peers && to_local_user && !options_.archive.no_stanzaid_element;
  if (!wanted && !stamp_for_peer) co_return HookResult::kContinue;
  auto id = ids_.next(std::chrono::system_clock::now());
  if (wanted) store(id, event.from, event.to, true, event.stanza);
  if (stamp_for_peer) {
    stanza::add_stanza_id(event.stanza, std::string(event.to.bare_view()), encode_id(id));
  }
  co_return HookResult::kContinue;
}

asio::awaitable<HookResult> MamModule::archive_received(hooks::StanzaEvent& event) {
  if (event.stanza.name() != "message" || !is_archivable(event.stanza)) {
    co_return HookResult::kContinue;
  }
  auto owner = event.to.bare();
  // With the sender's id, the store ignores a message the archive has already.
  auto stamped = stamp_of(event.stanza, owner, event.from);
  if (stamped.archived) co_return HookResult::kContinue;
  if (!context_.router.sessions().has_sessions(owner)) {
    auto exists = co_await context_.authenticator.account_exists(std::string(owner.node()),
                                                                 std::string(owner.domain()));
    if (!exists || !*exists) co_return HookResult::kContinue;  // it will bounce
  }
  bool wanted = co_await wanted_by(owner, event.from);
  if (!wanted) co_return HookResult::kContinue;
  auto id = stamped.id ? *stamped.id : ids_.next(std::chrono::system_clock::now());
  store(id, owner, event.from, false, event.stanza);
  if (!stamped.id && !options_.archive.no_stanzaid_element) {
    stanza::add_stanza_id(event.stanza, owner.to_string(), encode_id(id));
  }
  co_return HookResult::kContinue;
}

asio::awaitable<MamModule::PrefsPtr> MamModule::prefs_of(const jid::Jid& owner) {
  auto key = std::string(owner.bare_view());
  auto& bucket = prefs_[std::hash<std::string>{}(key) % prefs_.size()];
  {
    std::lock_guard lock(bucket.mutex);
    if (auto found = bucket.users.find(key); found != bucket.users.end()) co_return found->second;
  }
  auto stored = co_await context_.stores.mam->prefs(std::string(owner.node()),
                                                    std::string(owner.domain()));
  if (!stored) {
    log()->warn("mam_prefs_failed user={} error=\"{}\"", key, stored.error().text);
    co_return nullptr;  // archive as by default; try the database again next time
  }
  PrefsPtr prefs = *stored ? std::make_shared<const storage::MamPrefs>(std::move(**stored))
                           : nullptr;
  remember_prefs(key, prefs);
  co_return prefs;
}

void MamModule::remember_prefs(const std::string& owner, PrefsPtr prefs) {
  auto& bucket = prefs_[std::hash<std::string>{}(owner) % prefs_.size()];
  std::lock_guard lock(bucket.mutex);
  // Bounded: a forgotten user costs one read of the database at its next message.
  if (bucket.users.size() >= kPrefsPerBucket && !bucket.users.contains(owner)) {
    bucket.users.erase(bucket.users.begin());
  }
  bucket.users.insert_or_assign(owner, std::move(prefs));
}

// XEP-0313 §6: the 'never' list wins over 'always', then the default; 'roster' archives
// messages with contacts in the owner's roster.
asio::awaitable<bool> MamModule::wanted_by(const jid::Jid& owner, const jid::Jid& remote) {
  auto prefs = co_await prefs_of(owner);
  if (!prefs) co_return true;
  auto bare = remote.bare_view();
  auto listed = [&](const std::vector<std::string>& jids) {
    return std::find(jids.begin(), jids.end(), bare) != jids.end();
  };
  if (listed(prefs->never)) co_return false;
  if (listed(prefs->always)) co_return true;
  if (prefs->default_behaviour != storage::MamDefault::kRoster) {
    co_return prefs->default_behaviour == storage::MamDefault::kAlways;
  }
  if (!context_.stores.roster) co_return false;
  auto item = co_await context_.stores.roster->item(
      std::string(owner.node()), std::string(owner.domain()), std::string(bare));
  co_return item && item->has_value();
}

asio::awaitable<hooks::IqReply> MamModule::handle_iq(hooks::IqRequest& request) {
  if (!request.is_from_owner()) {
    co_return Error{ErrorType::kCancel, Condition::kForbidden, "only the owner reads an archive"};
  }
  const auto& payload = request.payload();
  if (payload.name() == "prefs") {
    auto reply = co_await handle_prefs(request);
    co_return reply;
  }
  if (payload.name() != "query") {
    co_return Error{ErrorType::kCancel, Condition::kFeatureNotImplemented, {}};
  }
  if (request.is_get()) co_return std::optional<xml::Element>(query_form(limits_.full_text_search));
  auto reply = co_await lookup(request);
  co_return reply;
}

// XEP-0313 §4: the results, each a message to the requesting resource, then the IQ result
// with <fin/>. Both go through the router to the same session, so they arrive in order.
asio::awaitable<hooks::IqReply> MamModule::lookup(hooks::IqRequest& request) {
  auto parsed = parse_archive_request(request.payload(), std::string(request.to.node()),
                                      std::string(request.to.domain()), limits_);
  if (!parsed) co_return parsed.error();
  auto query = parsed->query;
  query.count = !options_.archive.enforce_simple_queries;
  auto page = co_await context_.stores.mam->query(std::move(query));
  if (!page && page.error().condition == Condition::kItemNotFound) {
    co_return Error{ErrorType::kCancel, Condition::kItemNotFound,
                    "the <after/> or <before/> id is not in the archive"};
  }
  if (!page) {
    log()->warn("mam_query_failed user={} error=\"{}\"", request.to.to_string(),
                page.error().text);
    co_return Error{ErrorType::kWait, Condition::kInternalServerError, {}};
  }
  auto& messages = page->messages;
  if (parsed->flip_page) std::reverse(messages.begin(), messages.end());
  for (const auto& archived : messages) {
    auto original = xml::parse_element(archived.stanza);
    if (!original) continue;  // stored by this server, so well-formed; never fail a page on it
    auto result = result_message(request, parsed->query_id, archived, std::move(*original));
    auto from = request.to;
    auto to = request.from;
    co_await context_.router.route(std::move(from), std::move(to), std::move(result));
  }
  co_return std::optional<xml::Element>(fin_element(*page, !options_.archive.enforce_simple_queries, parsed->flip_page));
}

asio::awaitable<hooks::IqReply> MamModule::handle_prefs(hooks::IqRequest& request) {
  auto owner = request.to.bare();
  if (request.is_set()) {
    auto prefs = parse_prefs(request.payload());
    if (!prefs) co_return prefs.error();
    auto written = co_await context_.stores.mam->set_prefs(std::string(owner.node()),
                                                           std::string(owner.domain()), *prefs);
    if (!written) co_return Error{ErrorType::kWait, Condition::kInternalServerError, {}};
    remember_prefs(std::string(owner.bare_view()),
                   std::make_shared<const storage::MamPrefs>(*prefs));
    co_return std::optional<xml::Element>(prefs_element(*prefs));
  }
  auto prefs = co_await prefs_of(owner);
  co_return std::optional<xml::Element>(prefs_element(prefs ? *prefs : storage::MamPrefs{}));
}

asio::awaitable<HookResult> MamModule::remove_user(hooks::UserEvent& event) {
  auto removed = co_await context_.stores.mam->remove_user(event.user, event.host);
  if (!removed) {
    log()->warn("mam_remove_failed user={}@{} error=\"{}\"", event.user, event.host,
                removed.error().text);
  }
  remember_prefs(event.user + "@" + event.host, nullptr);
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::mam

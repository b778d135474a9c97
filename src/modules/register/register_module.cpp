// SPDX-License-Identifier: Apache-2.0
#include "modules/register/register_module.hpp"

#include <cmath>
#include <fmt/chrono.h>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stream_error.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::register_ {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_register");
  return logger;
}

xml::Element query_element() { return xml::Element("query", std::string(ns::kRegister)); }

// Bits of entropy as MongooseIM estimates them: the length times log2 of the size of the
// character classes the password uses.
double entropy_bits(std::string_view password) {
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (std::islower(c)) {
      lower = true;
    } else if (std::isupper(c)) {
      upper = true;
    } else if (std::isdigit(c)) {
      digit = true;
    } else {
      other = true;
    }
  }
  int alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 32 : 0);
  if (alphabet == 0) return 0;
  return static_cast<double>(password.size()) * std::log2(alphabet);
}

// "10.0.0.0/8", "::1", "127.0.0.1/32": whether `peer` is inside.
bool in_network(const boost::asio::ip::address& peer, std::string_view spec) {
  auto slash = spec.find('/');
  boost::system::error_code ec;
  auto base = boost::asio::ip::make_address(std::string(spec.substr(0, slash)), ec);
  if (ec || base.is_v4() != peer.is_v4()) return false;
  auto bytes = [](const boost::asio::ip::address& a) {
    if (a.is_v4()) {
      auto b = a.to_v4().to_bytes();
      return std::vector<unsigned char>(b.begin(), b.end());
    }
    auto b = a.to_v6().to_bytes();
    return std::vector<unsigned char>(b.begin(), b.end());
  };
  auto want = bytes(base);
  auto have = bytes(peer);
  int prefix = static_cast<int>(want.size() * 8);
  if (slash != std::string_view::npos) prefix = std::atoi(std::string(spec.substr(slash + 1)).c_str());
  for (int bit = 0; bit < prefix; ++bit) {
    int mask = 0x80 >> (bit % 8);
    if ((want[bit / 8] & mask) != (have[bit / 8] & mask)) return false;
  }
  return true;
}

Error not_allowed(std::string text = {}) {
  return {ErrorType::kCancel, Condition::kNotAllowed, std::move(text)};
}

}  // namespace

RegisterModule::RegisterModule(ModuleContext& context, config::modules::RegisterOptions options)
    : context_(context), options_(std::move(options)) {
  auto& hooks = context.hooks;
  hooks.iq.add(hooks::IqScope::kUnauthenticated, std::string(ns::kRegister),
               [this](hooks::IqRequest& request) { return unauthenticated(request); });
  hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kRegister),
               [this](hooks::IqRequest& request) -> asio::awaitable<hooks::IqReply> {
                 if (!request.is_from_owner()) co_return not_allowed();
                 auto owner = request.to.bare();
                 auto reply = co_await authenticated(request, std::move(owner));
                 co_return reply;
               });
  // XEP-0077 §3.3 addresses password changes and removal to the server itself.
  hooks.iq.add(hooks::IqScope::kServer, std::string(ns::kRegister),
               [this](hooks::IqRequest& request) -> asio::awaitable<hooks::IqReply> {
                 bool is_local_user = request.from.has_node() &&
                                      context_.router.is_local_host(request.from.domain());
                 if (!is_local_user) co_return not_allowed();
                 auto owner = request.from.bare();
                 auto reply = co_await authenticated(request, std::move(owner));
                 co_return reply;
               });
  hooks.pre_auth_stream_features.emplace_back("register", std::string(ns::kRegisterFeature));
  hooks.server_features.emplace_back(ns::kRegister);
}

bool RegisterModule::is_ip_allowed(const std::optional<boost::asio::ip::address>& peer) const {
  if (!peer) return true;  // unix-domain sockets: local by construction
  for (const auto& rule : options_.ip_access) {
    if (in_network(*peer, rule.address)) {
      return rule.policy == config::modules::IpAccessPolicy::kAllow;
    }
  }
  return true;
}

asio::awaitable<hooks::IqReply> RegisterModule::unauthenticated(hooks::IqRequest& request) {
  const auto& query = request.payload();
  if (request.is_get()) {
    // XEP-0077 §3.1: the fields to fill in.
    auto form = query_element();
    form.append(xml::Element("instructions", std::string(ns::kRegister)))
        .append_text("Choose a username and password to register with this server");
    form.append(xml::Element("username", std::string(ns::kRegister)));
    form.append(xml::Element("password", std::string(ns::kRegister)));
    co_return std::optional<xml::Element>(std::move(form));
  }
  if (query.find_child("remove", ns::kRegister)) {
    co_return Error{ErrorType::kAuth, Condition::kNotAuthorized, "authenticate first"};
  }
  auto user = query.child_text("username", ns::kRegister);
  auto password = query.child_text("password", ns::kRegister);
  if (user.empty() || password.empty()) {
    co_return Error{ErrorType::kModify, Condition::kNotAcceptable, "username and password"};
  }
  auto reply = co_await create(request, std::move(user), std::move(password));
  co_return reply;
}

asio::awaitable<hooks::IqReply> RegisterModule::create(hooks::IqRequest& request,
                                                       std::string user, std::string password) {
  auto host = std::string(request.to.domain());
  auto account = jid::Jid::make(user, host);
  if (!account) co_return Error::jid_malformed("the username is not valid");
  if (!is_ip_allowed(request.peer)) co_return not_allowed("registration from this address");
  if (!context_.authenticator.access().allows(options_.access, *account, host)) {
    co_return not_allowed();
  }
  if (options_.password_strength > 0 && entropy_bits(password) < options_.password_strength) {
    co_return Error{ErrorType::kModify, Condition::kNotAcceptable, "the password is too weak"};
  }
  auto node = std::string(account->node());
  auto created = co_await context_.authenticator.create_account(std::move(node), std::move(host),
                                                                std::move(password));
  if (!created) co_return created.error();
  // XEP-0077 §3.1.1: an existing username is a conflict.
  if (!*created) co_return Error{ErrorType::kCancel, Condition::kConflict, {}};
  log()->info("account_registered jid={}", account->to_string());
  auto peer = request.peer ? request.peer->to_string() : std::string("unix");
  co_await announce(std::move(*account), std::move(peer));
  co_return std::optional<xml::Element>{};
}

asio::awaitable<void> RegisterModule::announce(jid::Jid account, std::string peer) {
  auto server = jid::Jid::parse(account.domain());
  if (!server) co_return;
  auto message = [&](const jid::Jid& to, std::string subject, std::string body) {
    xml::Element m("message", std::string(ns::kClient));
    m.add_attr_unchecked("type", "normal");
    m.add_attr_unchecked("id", stanza::make_id());
    m.add_attr_unchecked("from", server->to_string());
    m.add_attr_unchecked("to", to.to_string());
    if (!subject.empty()) {
      m.append(xml::Element("subject", std::string(ns::kClient))).append_text(subject);
    }
    m.append(xml::Element("body", std::string(ns::kClient))).append_text(body);
    return m;
  };
  const auto& welcome = options_.welcome_message;
  if (!welcome.body.empty() || !welcome.subject.empty()) {
    auto m = message(account, welcome.subject, welcome.body);
    auto from = *server;
    auto to = account;
    co_await context_.router.route(std::move(from), std::move(to), std::move(m));
  }
  for (const auto& watcher : options_.registration_watchers) {
    auto to = jid::Jid::parse(watcher);
    if (!to) continue;
    auto body = fmt::format("[{:%Y-%m-%d %H:%M:%S}] The account {} was registered from {}",
                            std::chrono::system_clock::now(), account.to_string(), peer);
    auto m = message(*to, "registration", std::move(body));
    auto from = *server;
    co_await context_.router.route(std::move(from), std::move(*to), std::move(m));
  }
}

asio::awaitable<hooks::IqReply> RegisterModule::authenticated(hooks::IqRequest& request,
                                                              jid::Jid owner) {
  const auto& query = request.payload();
  if (request.is_get()) {
    auto answer = query_element();
    answer.append(xml::Element("registered", std::string(ns::kRegister)));
    answer.append(xml::Element("username", std::string(ns::kRegister))).append_text(owner.node());
    co_return std::optional<xml::Element>(std::move(answer));
  }
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  if (query.find_child("remove", ns::kRegister)) {
    // XEP-0077 §3.2: <remove/> alone cancels the registration, with the account's data.
    if (std::next(query.children().begin()) != query.children().end()) {
      co_return Error::bad_request("<remove/> must be the only child");
    }
    // The modules take leave first (contacts are told), then the data goes.
    hooks::UserEvent event{user, host};
    co_await context_.hooks.remove_user.run(event);
    auto removed = co_await context_.stores.accounts->remove(std::move(user), std::move(host));
    if (!removed) co_return removed.error();
    log()->info("account_removed jid={}", owner.to_string());
    // XEP-0077 §3.2: the account's sessions end, once the requester has this result (posted
    // to its shard before the termination, so it is written first).
    request.after_reply = [&sessions = context_.router.sessions(), owner] {
      sessions.terminate_all(owner, stanza::StreamErrorCondition::kNotAuthorized,
                             "the account was removed");
    };
    co_return std::optional<xml::Element>{};
  }
  // XEP-0077 §3.3: a password change names the account itself.
  auto username = jid::Jid::nodeprep(query.child_text("username", ns::kRegister));
  auto password = query.child_text("password", ns::kRegister);
  if (!username || *username != user || password.empty()) {
    co_return Error::bad_request("username must be the account's, with a new password");
  }
  if (options_.password_strength > 0 && entropy_bits(password) < options_.password_strength) {
    co_return Error{ErrorType::kModify, Condition::kNotAcceptable, "the password is too weak"};
  }
  auto changed = co_await context_.authenticator.set_password(std::move(user), std::move(host),
                                                              std::move(password));
  if (!changed) co_return changed.error();
  co_return std::optional<xml::Element>{};
}

}  // namespace meerkat::modules::register_

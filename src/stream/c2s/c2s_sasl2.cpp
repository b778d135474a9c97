// SPDX-License-Identifier: Apache-2.0
// XEP-0388 Extensible SASL Profile in the client stream: the same mechanisms as RFC 6120 SASL
// in <authenticate/>, <challenge/>, <response/>, and no stream restart after <success/>. The
// <authenticate/> may carry inline requests, answered inside <success/>:
//   - XEP-0198 <resume/>: the session comes back, as after a separate <resume/>;
//   - XEP-0386 <bind/>: a resource is bound, with stream management, carbons and client
//     state switched on at once;
//   - XEP-0484 <request-token/>: a FAST token for the next login, which then takes one HT
//     mechanism exchange (auth/sasl/hashed_token.hpp) instead of SCRAM.
// A client that asked for neither resumption nor binding gets the post-authentication stream
// features and binds the RFC 6120 way.
#include <boost/asio/this_coro.hpp>
#include <charconv>

#include "auth/sasl/channel_binding.hpp"
#include "auth/sasl/hashed_token.hpp"
#include "auth/scram/scram.hpp"
#include "core/encoding/base64.hpp"
#include "core/encoding/hex.hpp"
#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"
#include "core/stanza/id.hpp"
#include "observability/log.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::stream::c2s {

namespace asio = boost::asio;
using auth::sasl::SaslFailure;
using auth::sasl::SaslStep;

namespace {

const auto& log() {
  static const auto logger = observability::logger("c2s");
  return logger;
}

xml::Element element_with_text(const char* name, std::string_view xmlns, std::string_view text) {
  xml::Element element(name, std::string(xmlns));
  element.append_text(text);
  return element;
}

xml::Element feature_var(std::string_view var) {
  xml::Element feature("feature", std::string(ns::kBind2));
  feature.add_attr_unchecked("var", std::string(var));
  return feature;
}

// XEP-0386 §4: the server chooses the resource, led by the client's tag. For a client that
// names itself (XEP-0388 user-agent id) the rest is derived from that id, so each of its
// logins gets the same resource and replaces a stale session of the same device; otherwise
// it is random.
std::string bind2_resource(std::string_view user, std::string_view tag, std::string_view agent_id) {
  std::string suffix;
  if (agent_id.empty()) {
    suffix = stanza::make_id();
  } else {
    auto hash = auth::scram::digest(auth::scram::ScramHash::kSha256,
                                    std::string(user).append(1, '\0').append(agent_id));
    suffix = encoding::hex_encode(std::string_view(hash).substr(0, 8));
  }
  return tag.empty() ? suffix : std::string(tag).append(1, '.').append(suffix);
}

std::string agent_id_of(const xml::Element& request) {
  const auto* agent = request.find_child("user-agent", ns::kSasl2);
  return agent ? std::string(agent->attr_or("id", "")) : std::string();
}

xml::Element token_element(const hooks::IssuedFastToken& token) {
  xml::Element element("token", std::string(ns::kFast));
  auto expiry = std::chrono::system_clock::time_point{std::chrono::seconds{token.expires_at}};
  element.add_attr_unchecked("expiry", stanza::format_datetime(expiry));
  element.add_attr_unchecked("token", token.secret);
  return element;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

// The HT mechanisms this connection can serve: those whose channel binding it has.
std::vector<std::string_view> C2sStream::offered_fast_mechanisms() const {
  std::vector<std::string_view> offered;
  if (!settings_.router->hooks().fast_tokens) return offered;
  auto* tls = connection_->tls_handle();
  for (auto name : auth::sasl::kHashedTokenMechanisms) {
    auto binding = auth::sasl::parse_hashed_token_mechanism(name)->channel_binding;
    if (binding.empty() || (tls && auth::sasl::channel_binding_data(tls, binding))) {
      offered.push_back(name);
    }
  }
  return offered;
}

// XEP-0388 §2.1: <authentication/> beside RFC 6120's <mechanisms/>, with what can be inlined.
void C2sStream::add_sasl2_features(xml::Element& features) const {
  const auto& hooks = settings_.router->hooks();
  if (!hooks.sasl2) return;
  xml::Element authentication("authentication", std::string(ns::kSasl2));
  for (auto mechanism : offered_mechanisms()) {
    authentication.append(
        element_with_text("mechanism", ns::kSasl2, auth::sasl::mechanism_name(mechanism)));
  }
  xml::Element inlined("inline", std::string(ns::kSasl2));
  if (hooks.bind2) {
    xml::Element bind("bind", std::string(ns::kBind2));
    xml::Element bind_inline("inline", std::string(ns::kBind2));
    if (sm_policy()) bind_inline.append(feature_var(ns::kStreamManagement));
    if (hooks.client_state) bind_inline.append(feature_var(ns::kCsi));
    for (const auto& feature : hooks.bind2_features) bind_inline.append(feature_var(feature.var));
    bind.append(std::move(bind_inline));
    inlined.append(std::move(bind));
  }
  if (sm_policy()) inlined.append(xml::Element("sm", std::string(ns::kStreamManagement)));
  if (auto fast_mechanisms = offered_fast_mechanisms(); !fast_mechanisms.empty()) {
    xml::Element fast("fast", std::string(ns::kFast));
    for (auto name : fast_mechanisms) fast.append(element_with_text("mechanism", ns::kFast, name));
    inlined.append(std::move(fast));
  }
  if (inlined.has_children()) authentication.append(std::move(inlined));
  features.append(std::move(authentication));
}

asio::awaitable<bool> C2sStream::handle_sasl2(xml::Element element) {
  if (element.name() == "abort") {
    sasl_.reset();
    co_return sasl_failed(SaslFailure::kAborted);
  }
  if (element.name() == "response") {
    if (!sasl_ || !sasl2_request_) {
      co_return sasl_failed(SaslFailure::kMalformedRequest, "no authentication in progress");
    }
    auto data = encoding::base64_decode(element.text());
    if (!data) co_return sasl_failed(SaslFailure::kIncorrectEncoding);
    auto step = sasl_->respond(*data);
    bool go_on = co_await sasl_step(std::move(step));
    co_return go_on;
  }
  if (element.name() != "authenticate" || sasl_) {
    co_return sasl_failed(SaslFailure::kMalformedRequest, "expected <authenticate/>");
  }
  std::string initial;
  if (const auto* response = element.find_child("initial-response", ns::kSasl2)) {
    auto text = response->text();
    auto decoded = encoding::base64_decode(text == "=" ? std::string_view() : text);
    if (!decoded) co_return sasl_failed(SaslFailure::kIncorrectEncoding);
    initial = std::move(*decoded);
  }
  auto mechanism = std::string(element.attr_or("mechanism", ""));
  sasl2_request_ = std::make_unique<xml::Element>(std::move(element));
  if (mechanism.starts_with("HT-")) {
    bool go_on = co_await authenticate_with_token(mechanism, initial);
    co_return go_on;
  }
  bool go_on = co_await start_sasl(mechanism, initial);
  co_return go_on;
}

// XEP-0484 §5: one HT exchange against the token the client holds for this user agent.
asio::awaitable<bool> C2sStream::authenticate_with_token(std::string_view name,
                                                         std::string_view initial) {
  auto offered = offered_fast_mechanisms();
  if (std::find(offered.begin(), offered.end(), name) == offered.end()) {
    co_return sasl_failed(SaslFailure::kInvalidMechanism);
  }
  auto mechanism = *auth::sasl::parse_hashed_token_mechanism(name);
  auto response = auth::sasl::parse_hashed_token_response(mechanism, initial);
  if (!response) co_return sasl_failed(SaslFailure::kMalformedRequest);
  auto agent_id = agent_id_of(*sasl2_request_);
  auto who = jid::Jid::make(response->username, host_);
  if (agent_id.empty() || !who) {
    co_return sasl_failed(SaslFailure::kNotAuthorized, "tokens belong to a user-agent id");
  }
  hooks::FastLogin login;
  login.user = std::string(who->node());
  login.host = host_;
  login.agent_id = std::move(agent_id);
  login.mechanism = std::string(name);
  login.proof = std::move(response->proof);
  if (!mechanism.channel_binding.empty()) {
    login.channel_binding =
        *auth::sasl::channel_binding_data(connection_->tls_handle(), mechanism.channel_binding);
  }
  if (const auto* fast = sasl2_request_->find_child("fast", ns::kFast)) {
    if (auto count = fast->attr("count")) {
      login.count = parse_count(*count);
      if (!login.count) co_return sasl_failed(SaslFailure::kMalformedRequest, "bad count");
    }
    auto invalidate = fast->attr_or("invalidate", "");
    login.invalidate = invalidate == "true" || invalidate == "1";
  }
  auto user = login.user;
  auto verdict = co_await settings_.router->hooks().fast_tokens->verify(std::move(login));
  if (!verdict) {
    log()->warn("c2s_fast_unavailable host={} error=\"{}\"", host_, verdict.error().text);
    co_return sasl_failed(SaslFailure::kTemporaryAuthFailure);
  }
  sasl_checked_credentials_ = true;
  if (!verdict->accepted) {
    co_return sasl_failed(verdict->expired ? SaslFailure::kCredentialsExpired
                                           : SaslFailure::kNotAuthorized);
  }
  // Authorized like the password login the token stands in for.
  mechanism_ = config::SaslMechanism::kScramSha256;
  sasl_unknown_user_ = false;
  auto step = SaslStep::success(std::move(verdict->responder_proof), std::move(user), {});
  bool go_on = co_await sasl_succeeded(std::move(step), std::move(verdict->rotated));
  co_return go_on;
}

asio::awaitable<bool> C2sStream::sasl2_succeeded(SaslStep step,
                                                 std::optional<hooks::IssuedFastToken> rotated) {
  auto request = std::move(sasl2_request_);
  user_ = std::move(step.username);
  is_anonymous_ = settings_.authenticator->is_anonymous_login(mechanism_, sasl_unknown_user_);
  sasl_.reset();
  apply_shaper();
  phase_ = Phase::kAuthenticated;
  const auto& hooks = settings_.router->hooks();
  auto agent_id = agent_id_of(*request);
  std::vector<xml::Element> answers;
  // XEP-0198 §5 inline: a resumed session needs no binding; a failed resumption falls back
  // to the Bind 2 request beside it.
  const auto* resume = request->find_child("resume", ns::kStreamManagement);
  if (resume && sm_policy()) {
    auto answer = co_await resume_answer(*resume);  // named: GCC 12 and co_await
    answers.push_back(std::move(answer));
  }
  bool resumed = phase_ == Phase::kBound;
  const auto* bind = request->find_child("bind", ns::kBind2);
  if (!resumed && bind && hooks.bind2) {
    auto executor = co_await asio::this_coro::executor;
    answers.push_back(bind2(*bind, agent_id, executor));
  }
  auto token = co_await fast_token_for(*request, agent_id, std::move(rotated));
  if (token) answers.push_back(std::move(*token));

  xml::Element success("success", std::string(ns::kSasl2));
  if (!step.data.empty()) {
    success.append(
        element_with_text("additional-data", ns::kSasl2, encoding::base64_encode(step.data)));
  }
  // §2.6.1: the full JID once a resource is bound or resumed, else the bare JID.
  auto identifier = phase_ == Phase::kBound ? jid_.to_string() : user_ + '@' + host_;
  success.append(element_with_text("authorization-identifier", ns::kSasl2, identifier));
  for (auto& answer : answers) success.append(std::move(answer));
  connection_->send(success, ns::kClient);
  if (resumed) resend_unacknowledged();
  if (phase_ != Phase::kBound) send_features();  // no restart: binding features follow
  log()->debug("c2s_authenticated peer={} user={}@{} profile=sasl2 bound={}", peer_.to_string(),
               user_, host_, phase_ == Phase::kBound);
  co_return true;
}

// XEP-0386 §3: binds a server-chosen resource and applies the inline feature requests; the
// answers to those go into <bound/>.
xml::Element C2sStream::bind2(const xml::Element& request, std::string_view agent_id,
                              const asio::any_io_executor& executor) {
  auto tag = request.child_text("tag", ns::kBind2);
  auto full = jid::Jid::make(user_, host_, bind2_resource(user_, tag, agent_id));
  if (!full) full = jid::Jid::make(user_, host_, bind2_resource(user_, {}, agent_id));
  open_session(std::move(*full), executor);
  xml::Element bound("bound", std::string(ns::kBind2));
  const auto& hooks = settings_.router->hooks();
  for (const auto& payload : request.children()) {
    if (payload.is("enable", ns::kStreamManagement) && sm_policy()) {
      bound.append(sm_enable_answer(payload));
    } else if (payload.xmlns() == ns::kCsi && hooks.client_state) {
      set_client_state(payload);
    } else {
      for (const auto& feature : hooks.bind2_features) {
        if (payload.xmlns() == feature.var) feature.enable(jid_, payload);
      }
    }
  }
  log()->debug("c2s_session_bound peer={} jid={} profile=bind2", peer_.to_string(),
               jid_.to_string());
  return bound;
}

// XEP-0484 §4: a token the client asked for, or the rotated one its login brought. Tokens
// need the user-agent id they belong to; without it, or without mod_fast_auth_token, none.
asio::awaitable<std::optional<xml::Element>> C2sStream::fast_token_for(
    const xml::Element& request, std::string_view agent_id,
    std::optional<hooks::IssuedFastToken> rotated) {
  if (rotated) co_return token_element(*rotated);
  auto* tokens = settings_.router->hooks().fast_tokens;
  const auto* wanted = request.find_child("request-token", ns::kFast);
  if (!tokens || !wanted || agent_id.empty()) co_return std::nullopt;
  auto mechanism = std::string(wanted->attr_or("mechanism", ""));
  auto offered = offered_fast_mechanisms();
  if (std::find(offered.begin(), offered.end(), mechanism) == offered.end()) {
    co_return std::nullopt;
  }
  auto user = user_;
  auto host = host_;
  auto agent = std::string(agent_id);
  auto issued = co_await tokens->issue(std::move(user), std::move(host), std::move(agent),
                                       std::move(mechanism));
  if (!issued) {
    log()->warn("c2s_fast_issue_failed jid={}@{} error=\"{}\"", user_, host_, issued.error().text);
    co_return std::nullopt;
  }
  co_return token_element(*issued);
}

}  // namespace meerkat::stream::c2s

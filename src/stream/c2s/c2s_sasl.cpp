// SPDX-License-Identifier: Apache-2.0
// The SASL phase of a client stream (RFC 6120 §6): mechanisms offered in the configured
// order, the challenge/response exchange, credential lookup and the stream restart.
#include "auth/sasl/channel_binding.hpp"
#include "core/encoding/base64.hpp"
#include "core/ns.hpp"
#include "core/xml/writer.hpp"
#include "observability/log.hpp"
#include "stream/c2s/c2s_metrics.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::stream::c2s {

namespace asio = boost::asio;
using auth::sasl::SaslFailure;
using auth::sasl::SaslStep;
using stanza::StreamErrorCondition;

namespace {

// RFC 6120 §6.4.5: a reasonable number of retries, then the stream ends. Only attempts that
// were checked against an account's credentials count: a client walking down the mechanism
// list after channel-binding mismatches (slixmpp on TLS 1.3 offers tls-unique only) guesses no
// password. Every attempt counts towards the second, larger bound.
constexpr int kMaxSaslFailures = 3;
constexpr int kMaxSaslAttempts = 16;

const auto& log() {
  static const auto logger = observability::logger("c2s");
  return logger;
}

}  // namespace

void C2sStream::send_sasl(const char* name, std::string_view raw_data) {
  auto xmlns = sasl2_request_ ? ns::kSasl2 : ns::kSasl;
  xml::Element element(name, std::string(xmlns));
  // RFC 6120 §6.4.2: empty data is sent as "=" in elements that carry data.
  if (!raw_data.empty()) element.append_text(encoding::base64_encode(raw_data));
  connection_->send(element, ns::kClient);
}

std::vector<config::SaslMechanism> C2sStream::offered_mechanisms() const {
  auth::MechanismQuery query;
  query.is_tls = connection_->is_tls();
  query.has_channel_binding = connection_->tls_handle() != nullptr;
  query.has_client_certificate = !client_identities().empty();
  query.allowed_methods = settings_.listener.allowed_auth_methods;
  query.has_auth_tokens = settings_.router->hooks().auth_tokens != nullptr;
  return settings_.authenticator->mechanisms(query);
}

void C2sStream::add_sasl_features(xml::Element& features) const {
  if (is_tls_required()) return;  // RFC 6120 §5.3.1: nothing but STARTTLS until then
  xml::Element mechanisms("mechanisms", std::string(ns::kSasl));
  for (auto mechanism : offered_mechanisms()) {
    auto& child = mechanisms.append(xml::Element("mechanism", std::string(ns::kSasl)));
    child.append_text(auth::sasl::mechanism_name(mechanism));
  }
  features.append(std::move(mechanisms));
  add_sasl2_features(features);
  add_channel_binding_types(features);
  for (const auto& feature : settings_.router->hooks().pre_auth_stream_features) {
    features.append(feature);
  }
}

std::vector<std::string> C2sStream::client_identities() const {
  auto* tls = connection_->tls_handle();
  if (!tls) return {};
  return settings_.authenticator->external_identities(tls);
}

// XEP-0440: which channel-binding types the -PLUS mechanisms can use on this connection.
void C2sStream::add_channel_binding_types(xml::Element& features) const {
  auto* tls = connection_->tls_handle();
  if (!tls) return;
  constexpr std::string_view kSaslCb = "urn:xmpp:sasl-cb:0";
  xml::Element types("sasl-channel-binding", std::string(kSaslCb));
  for (const char* type : {"tls-server-end-point", "tls-exporter"}) {
    if (!auth::sasl::channel_binding_data(tls, type)) continue;
    auto& child = types.append(xml::Element("channel-binding", std::string(kSaslCb)));
    child.add_attr_unchecked("type", type);
  }
  if (types.has_children()) features.append(std::move(types));
}

auth::sasl::SaslContext C2sStream::sasl_context() const {
  auth::sasl::SaslContext context;
  context.host = host_;
  auto offered = offered_mechanisms();
  context.plus_offered = std::any_of(offered.begin(), offered.end(), [](auto m) {
    return auth::sasl::mechanism_name(m).ends_with("-PLUS");
  });
  context.channel_binding = [this](std::string_view type) -> std::optional<std::string> {
    auto* tls = connection_->tls_handle();
    if (!tls) return std::nullopt;
    return auth::sasl::channel_binding_data(tls, type);
  };
  context.external_identities = client_identities();
  context.fake_salt_secret = settings_.authenticator->fake_salt_secret();
  context.scram_iterations = settings_.authenticator->scram_iterations();
  const auto& allowed = settings_.listener.allowed_auth_methods;
  context.accept_any_password = settings_.authenticator->accepts_any_password(allowed);
  context.accept_unknown_users = settings_.authenticator->accepts_unknown_users(allowed);
  return context;
}

asio::awaitable<bool> C2sStream::handle_sasl(xml::Element element) {
  if (element.name() == "abort") {
    sasl_.reset();
    co_return sasl_failed(SaslFailure::kAborted);
  }
  if (sasl2_request_) {
    co_return sasl_failed(SaslFailure::kMalformedRequest, "an XEP-0388 exchange is in progress");
  }
  std::string data;
  auto text = element.text();
  if (!text.empty() && text != "=") {
    auto decoded = encoding::base64_decode(text);
    if (!decoded) co_return sasl_failed(SaslFailure::kIncorrectEncoding);
    data = std::move(*decoded);
  }
  if (element.name() == "auth") {
    bool go_on = co_await start_sasl(element.attr_or("mechanism", ""), data);
    co_return go_on;
  }
  if (element.name() == "response" && sasl_) {
    auto step = sasl_->respond(data);
    bool go_on = co_await sasl_step(std::move(step));
    co_return go_on;
  }
  co_return sasl_failed(SaslFailure::kMalformedRequest, "no authentication in progress");
}

// The first step of a mechanism the client chose, under either profile.
asio::awaitable<bool> C2sStream::start_sasl(std::string_view name, std::string_view initial) {
  auto offered = offered_mechanisms();
  auto mechanism = auth::sasl::parse_mechanism_name(name);
  if (!mechanism || std::find(offered.begin(), offered.end(), *mechanism) == offered.end()) {
    co_return sasl_failed(SaslFailure::kInvalidMechanism);
  }
  mechanism_ = *mechanism;
  sasl_checked_credentials_ = false;
  sasl_unknown_user_ = false;
  if (*mechanism == config::SaslMechanism::kOauth) {
    bool go_on = co_await token_login(std::string(initial));
    co_return go_on;
  }
  sasl_ = auth::sasl::make_sasl_mechanism(*mechanism, sasl_context());
  if (!sasl_) co_return sasl_failed(SaslFailure::kInvalidMechanism);
  // Named locals around every co_await: GCC 12 mishandles temporaries in the expression.
  auto step = sasl_->start(initial);
  bool go_on = co_await sasl_step(std::move(step));
  co_return go_on;
}

// X-OAUTH (mod_auth_token): the initial response is the token. A refresh token's login
// answers a fresh access token in <success/>.
asio::awaitable<bool> C2sStream::token_login(std::string token) {
  auto* tokens = settings_.router->hooks().auth_tokens;
  auto host = host_;
  auto verdict = co_await tokens->verify(std::move(token), std::move(host));
  if (!verdict) {
    log()->warn("c2s_token_check_failed host={} error=\"{}\"", host_, verdict.error().text);
    co_return sasl_failed(SaslFailure::kTemporaryAuthFailure);
  }
  sasl_checked_credentials_ = true;
  if (!*verdict) co_return sasl_failed(SaslFailure::kNotAuthorized, "the token is not valid");
  auto& login = **verdict;
  auto step = SaslStep::success(std::move(login.access), std::move(login.user), "");
  bool go_on = co_await sasl_succeeded(std::move(step));
  co_return go_on;
}

asio::awaitable<bool> C2sStream::sasl_step(SaslStep step) {
  while (step.kind == SaslStep::Kind::kNeedCredentials) {
    auto user = step.username;
    auto host = host_;
    auto record = co_await settings_.authenticator->password_record(std::move(user), std::move(host));
    if (!record) {
      log()->warn("c2s_credentials_unavailable host={} error=\"{}\"", host_, record.error().text);
      co_return sasl_failed(SaslFailure::kTemporaryAuthFailure);
    }
    sasl_checked_credentials_ = true;
    sasl_unknown_user_ = !record->has_value();
    step = sasl_->credentials(std::move(*record));
  }
  switch (step.kind) {
    case SaslStep::Kind::kChallenge: {
      send_sasl("challenge", step.data);
      co_return true;
    }
    case SaslStep::Kind::kSuccess: {
      bool go_on = co_await sasl_succeeded(std::move(step));
      co_return go_on;
    }
    case SaslStep::Kind::kFailure:
    case SaslStep::Kind::kNeedCredentials: break;
  }
  co_return sasl_failed(step.failure, std::move(step.text));
}

asio::awaitable<bool> C2sStream::sasl_succeeded(SaslStep step,
                                                std::optional<hooks::IssuedFastToken> rotated) {
  auto user = step.username;
  auto host = host_;
  auto access = settings_.listener.access;
  auto refused = co_await settings_.authenticator->authorize(std::move(user), std::move(host),
                                                             std::move(access), mechanism_);
  if (refused) co_return sasl_failed(*refused);
  C2sMetrics::get().auth_success->inc();
  if (sasl2_request_) {
    bool go_on = co_await sasl2_succeeded(std::move(step), std::move(rotated));
    co_return go_on;
  }
  send_sasl("success", step.data);
  user_ = std::move(step.username);
  is_anonymous_ = settings_.authenticator->is_anonymous_login(mechanism_, sasl_unknown_user_);
  sasl_.reset();
  apply_shaper();
  phase_ = Phase::kAuthenticated;
  // RFC 6120 §6.4.6: both sides restart the stream; input after <success/> is a new stream.
  connection_->restart_stream();
  header_sent_ = false;
  restarted_ = true;
  log()->debug("c2s_authenticated peer={} user={}@{}", peer_.to_string(), user_, host_);
  co_return true;
}

bool C2sStream::sasl_failed(SaslFailure failure, std::string text) {
  sasl_.reset();
  settings_.authenticator->count_failure();
  C2sMetrics::get().auth_failure->inc();
  log()->info("c2s_auth_failed peer={} host={} condition={} failed_logins_total={}",
              peer_.to_string(), host_, auth::sasl::to_string(failure),
              settings_.authenticator->failures());
  // XEP-0388 §2.6.2: the same conditions, in the RFC 6120 namespace, inside its <failure/>.
  auto xmlns = std::string(sasl2_request_ ? ns::kSasl2 : ns::kSasl);
  sasl2_request_.reset();
  xml::Element element("failure", xmlns);
  element.append(xml::Element(std::string(auth::sasl::to_string(failure)), std::string(ns::kSasl)));
  if (!text.empty()) element.append(xml::Element("text", xmlns)).append_text(text);
  connection_->send(element, ns::kClient);
  bool counts = failure != SaslFailure::kAborted && std::exchange(sasl_checked_credentials_, false);
  if (counts) ++sasl_failures_;
  if (sasl_failures_ >= kMaxSaslFailures || ++sasl_attempts_ >= kMaxSaslAttempts) {
    connection_->close_stream();
    closing_ = true;
    return false;
  }
  return true;
}

}  // namespace meerkat::stream::c2s

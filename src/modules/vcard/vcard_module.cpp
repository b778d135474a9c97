// SPDX-License-Identifier: Apache-2.0
#include "modules/vcard/vcard_module.hpp"

#include "core/ns.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::vcard {

namespace asio = boost::asio;

namespace {

// vCards carry avatars; a bigger one is refused rather than stored (XEP-0054 sets no limit).
constexpr std::size_t kMaxVcardBytes = 256 * 1024;

asio::awaitable<hooks::IqReply> server_vcard(hooks::IqRequest& request) {
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  xml::Element card("vCard", std::string(ns::kVcard));
  card.append(xml::Element("FN", std::string(ns::kVcard))).append_text("Meerkat");
  card.append(xml::Element("DESC", std::string(ns::kVcard))).append_text("Meerkat XMPP server");
  co_return std::optional<xml::Element>(std::move(card));
}

}  // namespace

VcardModule::VcardModule(ModuleContext& context, config::modules::VcardOptions options)
    : context_(context), options_(std::move(options)) {
  context.hooks.iq.add(hooks::IqScope::kServer, std::string(ns::kVcard), server_vcard);
  context.hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kVcard),
                       [this](hooks::IqRequest& request) { return user_vcard(request); });
  context.hooks.server_features.emplace_back(ns::kVcard);
  if (options_.search) {
    // TODO(#7): the vjud search service; said at start so the default is not a silent no-op.
    observability::logger("mod_vcard")
        ->warn("vcard_search_unavailable host={} reason=\"the search service is not "
               "implemented yet; set modules.mod_vcard.search = false to silence this\"",
               options_.host);
  }
}

asio::awaitable<hooks::IqReply> VcardModule::user_vcard(hooks::IqRequest& request) {
  auto owner = request.to.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  if (request.is_set()) {
    // XEP-0054 §3.2: only the owner publishes its vCard.
    if (!request.is_from_owner()) co_return Error{ErrorType::kAuth, Condition::kForbidden, {}};
    auto xml = xml::to_string(request.payload());
    if (xml.size() > kMaxVcardBytes) {
      co_return Error{ErrorType::kModify, Condition::kNotAcceptable, "the vCard is too large"};
    }
    auto stored = co_await context_.stores.vcard->set(std::move(user), std::move(host),
                                                      std::move(xml));
    if (!stored) co_return stored.error();
    co_return std::optional<xml::Element>{};
  }
  auto stored = co_await context_.stores.vcard->get(std::move(user), std::move(host));
  if (!stored) co_return stored.error();
  if (!*stored) {
    // XEP-0054 §3.1: the owner gets an empty vCard; §3.3: anyone else an error, the same one
    // whether the account exists or not.
    if (request.is_from_owner()) {
      co_return std::optional<xml::Element>(xml::Element("vCard", std::string(ns::kVcard)));
    }
    co_return Error{ErrorType::kCancel, Condition::kServiceUnavailable, {}};
  }
  auto card = xml::parse_element(**stored, ns::kVcard);
  if (!card) co_return Error::internal("stored vCard is unreadable");
  co_return std::optional<xml::Element>(std::move(*card));
}

}  // namespace meerkat::modules::vcard

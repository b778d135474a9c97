// SPDX-License-Identifier: Apache-2.0
// Personal node configuration as data forms (XEP-0060 §8.2 node_config, §7.1.5
// publish-options): the form the owner edits, a submitted form applied to a configuration, and
// the pubsub#errors conditions that clients act on.
#pragma once

#include <string_view>

#include "core/error/error.hpp"
#include "core/xml/element.hpp"
#include "storage/pubsub_store.hpp"

namespace meerkat::modules::pubsub {

inline constexpr std::string_view kPubsub = "http://jabber.org/protocol/pubsub";
inline constexpr std::string_view kPubsubOwner = "http://jabber.org/protocol/pubsub#owner";
inline constexpr std::string_view kPubsubEvent = "http://jabber.org/protocol/pubsub#event";
inline constexpr std::string_view kPubsubErrors = "http://jabber.org/protocol/pubsub#errors";
inline constexpr std::string_view kNodeConfig = "http://jabber.org/protocol/pubsub#node_config";
inline constexpr std::string_view kPublishOptions =
    "http://jabber.org/protocol/pubsub#publish-options";
inline constexpr std::string_view kMetaData = "http://jabber.org/protocol/pubsub#meta-data";

// An error with a XEP-0060 §7–§8 pubsub-specific condition.
Error pubsub_error(ErrorType type, Condition condition, std::string_view pubsub_condition,
                   std::string text = {});

// The node_config form (type "form") showing `config`.
xml::Element config_form(const storage::PubsubNodeConfig& config);

// `config` with the fields of a submitted node_config or publish-options form applied. Fails
// with not-acceptable naming a field the server does not support or a value it rejects.
Result<storage::PubsubNodeConfig> apply_form(const xml::Element& form,
                                             storage::PubsubNodeConfig config);

// XEP-0060 §7.1.5: whether a node configured as `config` meets every publish option.
bool satisfies(const storage::PubsubNodeConfig& config, const xml::Element& publish_options);

}  // namespace meerkat::modules::pubsub

// SPDX-License-Identifier: Apache-2.0
// Schemas of mod_adhoc, mod_amp, mod_offline_stub, mod_domain_isolation, mod_auth_token,
// mod_keystore, mod_extdisco and mod_pubsub_old (MongooseIM modules/*.md). Grouped in one
// translation unit for compile time.
#include "config/modules/adhoc_options.hpp"
#include "config/modules/amp_options.hpp"
#include "config/modules/auth_token_options.hpp"
#include "config/modules/extdisco_options.hpp"
#include "config/modules/pubsub_old_options.hpp"
#include "config/schema.hpp"

namespace meerkat::config::modules {

namespace {
constexpr const char* kIqDiscDoc = "How IQ handlers are scheduled (accepted for compatibility).";
}  // namespace

Section<AdhocOptions> adhoc_schema() {
  return Section<AdhocOptions>{}
      .section("iqdisc", &AdhocOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("report_commands_node", &AdhocOptions::report_commands_node,
              "List the commands node in disco#info.");
}

Section<AmpOptions> amp_schema() { return Section<AmpOptions>{}; }
Section<OfflineStubOptions> offline_stub_schema() { return Section<OfflineStubOptions>{}; }
Section<DomainIsolationOptions> domain_isolation_schema() {
  return Section<DomainIsolationOptions>{};
}

Section<AuthTokenOptions> auth_token_schema() {
  return Section<AuthTokenOptions>{}
      .option("backend", &AuthTokenOptions::backend, one_of({"rdbms"}), "Token storage.")
      .section("iqdisc", &AuthTokenOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .section("validity_period", &AuthTokenOptions::validity_period,
               Section<AuthTokenValidity>{}
                   .section("access", &AuthTokenValidity::access, period_schema(),
                            "Lifetime of access tokens.")
                   .section("refresh", &AuthTokenValidity::refresh, period_schema(),
                            "Lifetime of refresh tokens."),
               "Token lifetimes.");
}

Section<KeystoreOptions> keystore_schema() {
  return Section<KeystoreOptions>{}
      .option("ram_key_size", &KeystoreOptions::ram_key_size, non_negative(),
              "Bytes of each generated in-memory key.")
      .value("keys", &KeystoreOptions::keys,
             list_of(Section<KeystoreKey>{}
                         .option("name", &KeystoreKey::name, non_empty(), "Key name.")
                         .required()
                         .option("type", &KeystoreKey::type,
                                 one_of({{"file", KeyType::kFile}, {"ram", KeyType::kRam}}),
                                 "Read from a file, or generated in memory.")
                         .required()
                         .option("path", &KeystoreKey::path, file_readable(),
                                 "File holding the key (type \"file\").")
                         .cross_check({"type", "path"},
                                      [](KeystoreKey& k, SectionCheck& c) {
                                        if (k.type == KeyType::kFile && !c.has("path")) {
                                          c.error("path",
                                                  "required option missing (type is \"file\")");
                                        } else if (k.type == KeyType::kRam && c.has("path")) {
                                          c.error("path", "only valid with type = \"file\"");
                                        }
                                      })
                         .spec()),
             "Keys the store holds.");
}

Section<ExtdiscoOptions> extdisco_schema() {
  using E = ExternalService;
  return Section<ExtdiscoOptions>{}
      .section("iqdisc", &ExtdiscoOptions::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .value("service", &ExtdiscoOptions::service,
             list_of(Section<E>{}
                         .option("type", &E::type, non_empty(), "Service type, e.g. \"stun\".")
                         .required()
                         .option("host", &E::host, non_empty(), "Host name or address.")
                         .required()
                         .option("port", &E::port, port(), "Port.")
                         .option("transport", &E::transport, one_of({"udp", "tcp"}),
                                 "Transport protocol.")
                         .option("username", &E::username, non_empty(), "User name.")
                         .option("password", &E::password, non_empty(), "Password.")
                         .option("secret", &E::secret, non_empty(),
                                 "Shared secret for temporary credentials.")
                         .spec()),
             "Advertised external services (STUN/TURN, …).");
}

namespace {

Spec<NodeConfigValue> node_config_value() {
  return custom_spec<NodeConfigValue>(
      "string, boolean or non-negative integer",
      [](const RawNode& raw, NodeConfigValue& v, LoadContext& ctx) {
        if (raw.kind == RawNode::Kind::kString) {
          v = raw.string;
        } else if (raw.kind == RawNode::Kind::kBoolean) {
          v = raw.boolean;
        } else if (raw.kind == RawNode::Kind::kInteger && raw.integer >= 0) {
          v = raw.integer;
        } else {
          ctx.error(raw.pos,
                    "expected a string, boolean or non-negative integer, got " +
                        (raw.kind == RawNode::Kind::kInteger ? quote_raw(raw)
                                                             : std::string(kind_name(raw.kind))));
        }
      });
}

}  // namespace

Section<PubsubOldOptions> pubsub_old_schema() {
  using P = PubsubOldOptions;
  return Section<P>{}
      .section("iqdisc", &P::iqdisc, iqdisc_schema(), kIqDiscDoc)
      .option("host", &P::host, non_empty(), "Domain of the pubsub service; @HOST@ is the domain.")
      .option("backend", &P::backend,
              one_of({{"mnesia", Backend::kMnesia}, {"rdbms", Backend::kRdbms}}), "Node storage.")
      .option("access_createnode", &P::access_createnode, non_empty(),
              "Access rule for creating nodes.")
      .option("max_items_node", &P::max_items_node, non_negative(),
              "Items a node keeps by default.")
      .option("max_subscriptions_node", &P::max_subscriptions_node, non_negative(),
              "Most subscriptions per node; unset: no limit.")
      .option("nodetree", &P::nodetree, non_empty(), "Node tree plugin.")
      .option("ignore_pep_from_offline", &P::ignore_pep_from_offline,
              "Ignore PEP notifications for offline contacts.")
      .option("last_item_cache", &P::last_item_cache, one_of({"mnesia", "rdbms", "false"}),
              "Where the last item of each node is cached; \"false\": nowhere.")
      .option("plugins", &P::plugins, non_empty(), "Node plugins; the first is the default.")
      .value("pep_mapping", &P::pep_mapping,
             list_of(Section<PepMapping>{}
                         .option("namespace", &PepMapping::namespace_, non_empty(),
                                 "Payload namespace.")
                         .required()
                         .option("node", &PepMapping::node, non_empty(), "Node plugin for it.")
                         .required()
                         .spec()),
             "Node plugins chosen by PEP namespace.")
      .map("default_node_config", &P::default_node_config, node_config_value(),
           "Configuration of new nodes, by XEP-0060 field name.")
      .option("item_publisher", &P::item_publisher, "Include the publisher in notifications.")
      .option("sync_broadcast", &P::sync_broadcast, "Send notifications before answering.");
}

}  // namespace meerkat::config::modules

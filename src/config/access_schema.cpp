// SPDX-License-Identifier: Apache-2.0
#include "config/access_schema.hpp"

#include "config/schema.hpp"

namespace meerkat::config {

namespace {

Spec<AccessValue> access_value_spec() {
  return custom_spec<AccessValue>(
      "string or integer", [](const RawNode& raw, AccessValue& v, LoadContext& ctx) {
        if (raw.kind == RawNode::Kind::kString && !raw.string.empty()) {
          v = raw.string;
        } else if (raw.kind == RawNode::Kind::kInteger) {
          v = raw.integer;
        } else {
          ctx.error(raw.pos,
                    "expected a non-empty string or an integer, got " +
                        (raw.kind == RawNode::Kind::kString ? quote_raw(raw)
                                                            : std::string(kind_name(raw.kind))));
        }
      });
}

}  // namespace

Spec<ShaperMap> shaper_schema() {
  return map_of(Section<ShaperOptions>{}
                    .option("max_rate", &ShaperOptions::max_rate, positive(),
                            "Most bytes (or, for MAM shapers, operations) per second.")
                    .required()
                    .spec(),
                {non_empty()});
}

Spec<AclMap> acl_schema() {
  auto text = [](Section<AclPattern>& s, const char* key, std::optional<std::string> AclPattern::*m,
                 const char* doc) { s.option(key, m, non_empty(), doc); };
  Section<AclPattern> p;
  p.option("match", &AclPattern::match,
           one_of({{"all", AclMatch::kAll},
                   {"current_domain", AclMatch::kCurrentDomain},
                   {"any_hosted_domain", AclMatch::kAnyHostedDomain},
                   {"none", AclMatch::kNone}}),
           "Which domains match: the current one, any hosted one, all, or none.");
  text(p, "user", &AclPattern::user, "User name (JID localpart).");
  text(p, "server", &AclPattern::server, "Domain.");
  text(p, "resource", &AclPattern::resource, "Resource.");
  text(p, "user_regexp", &AclPattern::user_regexp, "Regular expression on the user name.");
  text(p, "server_regexp", &AclPattern::server_regexp, "Regular expression on the domain.");
  text(p, "resource_regexp", &AclPattern::resource_regexp, "Regular expression on the resource.");
  text(p, "user_glob", &AclPattern::user_glob, "Glob pattern on the user name.");
  text(p, "server_glob", &AclPattern::server_glob, "Glob pattern on the domain.");
  text(p, "resource_glob", &AclPattern::resource_glob, "Glob pattern on the resource.");
  return map_of(list_of(p.spec()), {non_empty()});
}

Spec<AccessMap> access_schema() {
  return map_of(list_of(Section<AccessClause>{}
                            .option("acl", &AccessClause::acl, non_empty(),
                                    "Access class the user must belong to; \"all\" matches "
                                    "everyone.")
                            .required()
                            .value("value", &AccessClause::value, access_value_spec(),
                                   "What the rule returns when the class matches.")
                            .required()
                            .spec()),
                {non_empty()});
}

}  // namespace meerkat::config

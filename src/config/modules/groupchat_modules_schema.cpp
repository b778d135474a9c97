// SPDX-License-Identifier: Apache-2.0
// Schemas of the service-domain modules: mod_muc, mod_muc_light, mod_pubsub, mod_http_upload,
// mod_bosh (MongooseIM modules/*.md). Grouped in one translation unit for compile time.
#include "config/modules/bosh_options.hpp"
#include "config/modules/http_upload_options.hpp"
#include "config/modules/muc_light_options.hpp"
#include "config/modules/muc_options.hpp"
#include "config/modules/pubsub_options.hpp"
#include "config/schema.hpp"

namespace meerkat::config::modules {

namespace {

// "conference.@HOST@": a subdomain pattern; @HOST@ stands for the served domain.
bool is_service_host(const std::string& h) {
  std::string probe = h;
  auto at = probe.find("@HOST@");
  if (at != std::string::npos) probe.replace(at, 6, "example.com");
  return is_domain_name(probe);
}

Section<MucDefaultRoom> default_room_schema() {
  using R = MucDefaultRoom;
  Section<R> s;
  s.option("title", &R::title, "Room name.")
      .option("description", &R::description, "Room description.");
  auto flag = [&s](const char* key, bool R::*m, const char* doc) { s.option(key, m, doc); };
  flag("allow_change_subj", &R::allow_change_subj, "Occupants may change the subject.");
  flag("allow_query_users", &R::allow_query_users, "Occupants may query other occupants.");
  flag("allow_private_messages", &R::allow_private_messages, "Private messages are allowed.");
  flag("allow_visitor_status", &R::allow_visitor_status, "Visitors may send status text.");
  flag("allow_visitor_nickchange", &R::allow_visitor_nickchange, "Visitors may change nick.");
  flag("public", &R::public_, "The room is listed in disco.");
  flag("public_list", &R::public_list, "The occupant list is public.");
  flag("persistent", &R::persistent, "The room outlives its last occupant.");
  flag("moderated", &R::moderated, "Only participants may speak.");
  flag("members_by_default", &R::members_by_default, "New occupants are participants.");
  flag("members_only", &R::members_only, "Only members may join.");
  flag("allow_user_invites", &R::allow_user_invites, "Occupants may invite others.");
  flag("allow_multiple_sessions", &R::allow_multiple_sessions,
       "One user may join with several resources under one nick.");
  flag("password_protected", &R::password_protected, "Joining needs the password.");
  s.option("password", &R::password, "Room password.");
  flag("anonymous", &R::anonymous, "Real JIDs are shown only to moderators.");
  s.option("max_users", &R::max_users, positive(), "Most occupants.")
      .option("maygetmemberlist", &R::maygetmemberlist, "Roles that may fetch the member list.")
      .check([](const std::string& r) { return !r.empty(); }, "a non-empty string")
      .value("affiliations", &R::affiliations,
             list_of(Section<MucAffiliation>{}
                         .option("user", &MucAffiliation::user, non_empty(), "User name.")
                         .required()
                         .option("server", &MucAffiliation::server, domain(), "Domain.")
                         .required()
                         .option("resource", &MucAffiliation::resource, "Resource.")
                         .required()
                         .option("affiliation", &MucAffiliation::affiliation, non_empty(),
                                 "Affiliation, e.g. \"member\".")
                         .required()
                         .spec()),
             "Affiliations every new room starts with.")
      .option("subject", &R::subject, "Initial subject.")
      .option("subject_author", &R::subject_author, "Nick shown as the subject's author.");
  return s;
}

Spec<MucLightConfigField::Value> config_value_spec();

}  // namespace

Section<MucOptions> muc_schema() {
  auto rule = [](Section<MucOptions>& s, const char* key, std::string MucOptions::*m,
                 const char* doc) { s.option(key, m, non_empty(), doc); };
  Section<MucOptions> s;
  s.option("host", &MucOptions::host, non_empty(),
           "Domain of the MUC service; @HOST@ is the served domain.")
      .check(is_service_host, "a domain name, optionally with @HOST@")
      .option("backend", &MucOptions::backend,
              one_of({{"mnesia", Backend::kMnesia}, {"rdbms", Backend::kRdbms}}),
              "Storage of persistent rooms.")
      .option("online_backend", &MucOptions::online_backend,
              one_of({{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}}),
              "Where running rooms are registered.");
  rule(s, "access", &MucOptions::access, "Access rule for using the service.");
  rule(s, "access_create", &MucOptions::access_create, "Access rule for creating rooms.");
  rule(s, "access_admin", &MucOptions::access_admin, "Access rule for service admins.");
  rule(s, "access_persistent", &MucOptions::access_persistent,
       "Access rule for making rooms persistent.");
  s.option("history_size", &MucOptions::history_size, non_negative(),
           "Messages of history sent to joining occupants.");
  rule(s, "room_shaper", &MucOptions::room_shaper, "Shaper of each room's traffic.");
  s.option("max_room_id", &MucOptions::max_room_id, {non_negative(), or_infinity()},
           "Longest room name part of a room JID.")
      .option("max_room_name", &MucOptions::max_room_name, {non_negative(), or_infinity()},
              "Longest room title.")
      .option("max_room_desc", &MucOptions::max_room_desc, {non_negative(), or_infinity()},
              "Longest room description.")
      .option("min_message_interval", &MucOptions::min_message_interval, non_negative(),
              "Least seconds between one occupant's messages.")
      .option("min_presence_interval", &MucOptions::min_presence_interval, non_negative(),
              "Least seconds between one occupant's presences.")
      .option("max_users", &MucOptions::max_users, positive(),
              "Largest max_users a room owner may set.")
      .option("max_users_admin_threshold", &MucOptions::max_users_admin_threshold, positive(),
              "Extra places kept for admins and owners in a full room.");
  rule(s, "user_message_shaper", &MucOptions::user_message_shaper,
       "Shaper of each occupant's messages.");
  rule(s, "user_presence_shaper", &MucOptions::user_presence_shaper,
       "Shaper of each occupant's presences.");
  s.option("max_user_conferences", &MucOptions::max_user_conferences, non_negative(),
           "Most rooms one user may be in.");
  rule(s, "http_auth_pool", &MucOptions::http_auth_pool,
       "HTTP pool checking room passwords; \"none\": not used.");
  s.option("load_permanent_rooms_at_startup", &MucOptions::load_permanent_rooms_at_startup,
           "Start every persistent room at boot instead of on first use.")
      .option("hibernate_timeout", &MucOptions::hibernate_timeout, {non_negative(), or_infinity()},
              "Milliseconds of idleness before a room releases memory.")
      .option("hibernated_room_check_interval", &MucOptions::hibernated_room_check_interval,
              {non_negative(), or_infinity()},
              "Milliseconds between checks for idle hibernated rooms.")
      .option("hibernated_room_timeout", &MucOptions::hibernated_room_timeout,
              {non_negative(), or_infinity()},
              "Milliseconds after which an idle hibernated room is stopped.")
      .section("default_room", &MucOptions::default_room, default_room_schema(),
               "Configuration of new rooms.");
  return s;
}

namespace {

Spec<MucLightConfigField::Value> config_value_spec() {
  return custom_spec<MucLightConfigField::Value>(
      "string, integer, float or boolean",
      [](const RawNode& raw, MucLightConfigField::Value& v, LoadContext& ctx) {
        switch (raw.kind) {
          case RawNode::Kind::kString: v = raw.string; break;
          case RawNode::Kind::kInteger: v = raw.integer; break;
          case RawNode::Kind::kFloat: v = raw.floating; break;
          case RawNode::Kind::kBoolean: v = raw.boolean; break;
          default:
            ctx.error(raw.pos, "expected a string, integer, float or boolean, got " +
                                   std::string(kind_name(raw.kind)));
        }
      });
}

// Each config_schema entry names its type by the key of its default value.
Section<MucLightConfigField> config_field_schema() {
  Section<MucLightConfigField> s;
  s.option("field", &MucLightConfigField::field, non_empty(), "Form field name.").required();
  for (const char* key : {"string_value", "integer_value", "float_value", "boolean_value"}) {
    s.value(key, &MucLightConfigField::value, config_value_spec(),
            "Default value; its key gives the field's type.");
  }
  s.option("internal_key", &MucLightConfigField::internal_key, non_empty(),
           "Name used internally; unset: field.");
  s.cross_check({}, [](MucLightConfigField& f, SectionCheck& c) {
    const char* keys[] = {"string_value", "integer_value", "float_value", "boolean_value"};
    int n = 0;
    for (const char* k : keys) n += c.has(k);
    if (n != 1) {
      c.error_at("",
                 "expected exactly one of string_value, integer_value, float_value and "
                 "boolean_value, got " +
                     std::to_string(n));
      return;
    }
    bool ok = (c.has("string_value") && std::holds_alternative<std::string>(f.value)) ||
              (c.has("integer_value") && std::holds_alternative<std::int64_t>(f.value)) ||
              (c.has("float_value") && (std::holds_alternative<double>(f.value) ||
                                        std::holds_alternative<std::int64_t>(f.value))) ||
              (c.has("boolean_value") && std::holds_alternative<bool>(f.value));
    for (const char* k : keys) {
      if (c.has(k) && !ok)
        c.error(k, std::string("the value does not have the type ") + k + " names");
    }
  });
  return s;
}

}  // namespace

Section<MucLightOptions> muc_light_schema() {
  using L = MucLightOptions;
  return Section<L>{}
      .option("host", &L::host, non_empty(),
              "Domain of the MUC Light service; @HOST@ is the served domain.")
      .check(is_service_host, "a domain name, optionally with @HOST@")
      .option("backend", &L::backend,
              one_of({{"mnesia", Backend::kMnesia}, {"rdbms", Backend::kRdbms}}), "Room storage.")
      .section("cache_affs", &L::cache_affs, cache_schema(),
               "Cache room affiliations; present: enabled.")
      .option("equal_occupants", &L::equal_occupants, "Every occupant is an owner.")
      .option("rooms_per_user", &L::rooms_per_user, {positive(), or_infinity()},
              "Most rooms one user may be in.")
      .option("blocking", &L::blocking, "Users may block rooms and users.")
      .option("all_can_configure", &L::all_can_configure, "Every occupant may configure.")
      .option("all_can_invite", &L::all_can_invite, "Every occupant may invite.")
      .option("max_occupants", &L::max_occupants, {positive(), or_infinity()},
              "Most occupants of a room.")
      .option("rooms_per_page", &L::rooms_per_page, {positive(), or_infinity()},
              "Rooms per disco#items page.")
      .option("rooms_in_rosters", &L::rooms_in_rosters, "Show rooms in users' rosters.")
      .option("allow_multiple_owners", &L::allow_multiple_owners, "A room may have many owners.")
      .option("promote_on_last_owner_leave", &L::promote_on_last_owner_leave,
              "Make someone owner when the last owner leaves.")
      .value("config_schema", &L::config_schema, list_of(config_field_schema().spec()),
             "Fields of the room configuration form.");
}

Section<PubsubOptions> pubsub_schema() {
  return Section<PubsubOptions>{}
      .option("backend", &PubsubOptions::backend, one_of({{"rdbms", Backend::kRdbms}}),
              "Node storage (the server's SQL database).")
      .option("max_items_per_node", &PubsubOptions::max_items_per_node,
              {non_negative(), or_infinity()}, "Most items a node may keep.")
      .section("default_node_config", &PubsubOptions::default_node_config,
               Section<PubsubNodeConfig>{}
                   .option("access_model", &PubsubNodeConfig::access_model,
                           one_of({{"presence", PubsubAccessModel::kPresence},
                                   {"open", PubsubAccessModel::kOpen}}),
                           "Who may subscribe to new nodes.")
                   .option("max_items", &PubsubNodeConfig::max_items,
                           {non_negative(), or_infinity()}, "Items kept by new nodes."),
               "Configuration of new nodes.")
      .section("iqdisc", &PubsubOptions::iqdisc, iqdisc_schema(),
               "How IQ handlers are scheduled (accepted for compatibility).");
}

Section<HttpUploadOptions> http_upload_schema() {
  return Section<HttpUploadOptions>{}
      .section("iqdisc", &HttpUploadOptions::iqdisc, iqdisc_schema(),
               "How IQ handlers are scheduled (accepted for compatibility).")
      .option("host", &HttpUploadOptions::host, non_empty(),
              "Domain of the upload service; @HOST@ is the served domain.")
      .check(is_service_host, "a domain name, optionally with @HOST@")
      .option("backend", &HttpUploadOptions::backend, one_of({"s3", "local"}),
              "Where files go: an S3 bucket, or this server's disk (\"local\").")
      .option("expiration_time", &HttpUploadOptions::expiration_time, positive(),
              "Seconds an upload slot stays valid.")
      .option("token_bytes", &HttpUploadOptions::token_bytes, positive(),
              "Random bytes in each upload URL.")
      .option("max_file_size", &HttpUploadOptions::max_file_size, {positive(), or_infinity()},
              "Largest upload, in bytes.")
      .section(
          "s3", &HttpUploadOptions::s3,
          Section<S3Options>{}
              .option("bucket_url", &S3Options::bucket_url, url(), "Bucket URL.")
              .required()
              .option("add_acl", &S3Options::add_acl, "Make uploads public-read.")
              .option("region", &S3Options::region, non_empty(), "AWS region.")
              .required()
              .option("access_key_id", &S3Options::access_key_id, non_empty(), "AWS access key id.")
              .required()
              .option("secret_access_key", &S3Options::secret_access_key, non_empty(),
                      "AWS secret key.")
              .required(),
          "S3 bucket settings.")
      .section("local", &HttpUploadOptions::local,
               Section<LocalUploadOptions>{}
                   .option("directory", &LocalUploadOptions::directory, non_empty(),
                           "Where files are kept; relative to the data directory.")
                   .option("base_url", &LocalUploadOptions::base_url, url(),
                           "Public URL of the listener's mod_http_upload handler.")
                   .required(),
               "Files on this server (Meerkat's own backend).")
      .cross_check({"backend", "s3", "local"}, [](HttpUploadOptions& o, SectionCheck& c) {
        const bool s3 = o.backend == "s3";
        if (s3 && !o.s3) c.error("s3", "required section missing (backend is \"s3\")");
        if (!s3 && !o.local) c.error("local", "required section missing (backend is \"local\")");
      });
}

Section<BoshOptions> bosh_schema() {
  return Section<BoshOptions>{}
      .option("backend", &BoshOptions::backend,
              one_of({{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}}),
              "Where BOSH sessions are tracked.")
      .option("inactivity", &BoshOptions::inactivity, {positive(), or_infinity()},
              "Seconds a BOSH session may go without a request.")
      .option("max_wait", &BoshOptions::max_wait, {positive(), or_infinity()},
              "Longest seconds a request is held open.")
      .option("server_acks", &BoshOptions::server_acks, "Acknowledge requests (XEP-0124 §9).")
      .option("max_pause", &BoshOptions::max_pause, positive(),
              "Longest pause, in seconds, a client may ask for.");
}

}  // namespace meerkat::config::modules

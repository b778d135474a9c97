// SPDX-License-Identifier: Apache-2.0
// mod_muc: XEP-0045 multi-user chat (MongooseIM modules/mod_muc.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct MucAffiliation {
  std::string user;
  std::string server;
  std::string resource;
  std::string affiliation;
};

struct MucDefaultRoom {
  std::string title;
  std::string description;
  bool allow_change_subj = true;
  bool allow_query_users = true;
  bool allow_private_messages = true;
  bool allow_visitor_status = true;
  bool allow_visitor_nickchange = true;
  bool public_ = true;  // key "public"
  bool public_list = true;
  bool persistent = false;
  bool moderated = true;
  bool members_by_default = true;
  bool members_only = false;
  bool allow_user_invites = false;
  bool allow_multiple_sessions = false;
  bool password_protected = false;
  std::string password;
  bool anonymous = true;
  int max_users = 200;
  std::vector<std::string> maygetmemberlist;
  std::vector<MucAffiliation> affiliations;
  std::string subject;
  std::string subject_author;
};

struct MucOptions {
  static constexpr const char* kName = "mod_muc";
  std::string host = "conference.@HOST@";
  Backend backend = Backend::kMnesia;
  Backend online_backend = Backend::kMnesia;
  std::string access = "all";
  std::string access_create = "all";
  std::string access_admin = "none";
  std::string access_persistent = "all";
  int history_size = 20;
  std::string room_shaper = "none";
  std::optional<std::uint64_t> max_room_id;    // nullopt: infinity
  std::optional<std::uint64_t> max_room_name;  // nullopt: infinity
  std::optional<std::uint64_t> max_room_desc;  // nullopt: infinity
  std::chrono::seconds min_message_interval{0};
  std::chrono::seconds min_presence_interval{0};
  int max_users = 200;
  int max_users_admin_threshold = 5;
  std::string user_message_shaper = "none";
  std::string user_presence_shaper = "none";
  int max_user_conferences = 10;
  std::string http_auth_pool = "none";
  bool load_permanent_rooms_at_startup = false;
  std::optional<std::chrono::milliseconds> hibernate_timeout = std::chrono::milliseconds{90000};
  std::optional<std::chrono::milliseconds> hibernated_room_check_interval;
  std::optional<std::chrono::milliseconds> hibernated_room_timeout;
  MucDefaultRoom default_room;
};

Section<MucOptions> muc_schema();

}  // namespace meerkat::config::modules

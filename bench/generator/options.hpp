// SPDX-License-Identifier: Apache-2.0
// meerkat-bench's command line: which server, how to log in, how much load.
#pragma once

#include <sys/types.h>

#include <string>

#include "session.hpp"

namespace meerkat::bench {

struct Options {
  std::string scenario;  // idle, chat, roster-storm
  ServerAddress server;
  std::string host = "127.0.0.1";
  std::string user_prefix = "user";
  std::string password_prefix = "pass";
  int first_user = 1;
  pid_t server_pid = 0;
  int sessions = 1000;
  int workers = 0;             // 0: as many as the fd limit requires
  double login_rate = 1000;    // logins per second, all workers together; 0: no pacing
  double login_timeout = 120;  // seconds after the last login started
  double settle = 2;           // seconds between the last login and the memory reading
  double hold = 5;             // idle: seconds the sessions stay logged in
  double rate = 0;             // chat: messages per second in all; 0: as fast as they go
  int window = 20;             // chat at rate 0: messages in flight per sender
  double duration = 10;        // chat: seconds of sending
  int body_size = 64;          // chat: bytes of each body
  int contacts = 10;           // roster-storm: mutual contacts per user (even)
  bool setup = true;           // roster-storm: create the subscriptions first
  double setup_timeout = 600;  // roster-storm: seconds the subscriptions may take
};

// Parses argv; exits with usage on error (CLI11).
Options parse_options(int argc, char** argv);

Account account_of(const Options& options, int index);
// The global index of a user name (PREFIX<n>), or -1.
int index_of_user(const Options& options, std::string_view user);

}  // namespace meerkat::bench

// SPDX-License-Identifier: Apache-2.0
// Every category's commands, registered on the admin and the user executor. One file per
// category under commands/, named as the category.
#pragma once

#include "api/api_services.hpp"
#include "graphql/execution.hpp"

namespace meerkat::api::graphql {

struct Executors {
  meerkat::graphql::Executor& admin;
  meerkat::graphql::Executor& user;
};

void add_check_auth_commands(Executors executors, ApiServices& services);
void add_account_commands(Executors executors, ApiServices& services);
void add_session_commands(Executors executors, ApiServices& services);
void add_stanza_commands(Executors executors, ApiServices& services);
void add_roster_commands(Executors executors, ApiServices& services);
void add_vcard_commands(Executors executors, ApiServices& services);
void add_private_commands(Executors executors, ApiServices& services);
void add_last_commands(Executors executors, ApiServices& services);
void add_server_commands(Executors executors, ApiServices& services);
void add_stat_commands(Executors executors, ApiServices& services);
void add_offline_commands(Executors executors, ApiServices& services);
void add_domain_commands(Executors executors, ApiServices& services);
void add_gdpr_commands(Executors executors, ApiServices& services);
void add_metric_commands(Executors executors, ApiServices& services);
void add_http_upload_commands(Executors executors, ApiServices& services);
void add_token_commands(Executors executors, ApiServices& services);

}  // namespace meerkat::api::graphql

// SPDX-License-Identifier: Apache-2.0
// account: listing, checking, registering, removing, banning and importing users (admin);
// unregistering and changing one's own password (user).
#include <openssl/evp.h>

#include <fstream>

#include "api/account_import.hpp"
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "auth/password/password_record.hpp"
#include "core/encoding/hex.hpp"
#include "core/stanza/id.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;

json::value user_payload(const jid::Jid& user, std::string message) {
  return json::object{{"jid", user.to_string()}, {"message", std::move(message)}};
}

Awaitable list_users(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  auto call = s.stores.accounts->list(domain);
  auto users = co_await std::move(call);
  if (!users) co_return internal_error(users.error());
  auto index = static_cast<std::size_t>(opt_int(c, "index").value_or(0));
  auto limit = static_cast<std::size_t>(opt_int(c, "limit").value_or(INT32_MAX));
  json::array out;
  for (std::size_t i = index; i < users->size() && out.size() < limit; ++i) {
    out.emplace_back(json::string((*users)[i] + "@" + domain));
  }
  co_return Resolved(json::value(std::move(out)));
}

Awaitable count_users(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  auto call = s.stores.accounts->count(domain);
  auto count = co_await std::move(call);
  if (!count) co_return internal_error(count.error());
  co_return Resolved(json::value(static_cast<std::int64_t>(*count)));
}

// The user's stored password record, or the error to answer with.
asio::awaitable<boost::system::result<auth::password::PasswordRecord, FieldError>> record_of(
    ApiServices& s, jid::Jid user) {
  if (!s.router.is_local_host(user.domain())) co_return unknown_domain(user.domain());
  auto call = s.authenticator.password_record(std::string(user.node()), std::string(user.domain()));
  auto record = co_await std::move(call);
  if (!record) co_return internal_error(record.error());
  if (!*record) co_return unknown_user(user);
  co_return std::move(**record);
}

json::value check_payload(bool correct) {
  return json::object{{"correct", correct},
                      {"message", correct ? "Password is correct" : "Password is not correct"}};
}

Awaitable check_password(ApiServices& s, const FieldContext& c) {
  auto lookup = record_of(s, arg_jid(c, "user"));
  auto record = co_await std::move(lookup);
  if (!record) co_return record.error();
  co_return Resolved(
      check_payload(auth::password::verify_password(*record, arg_string(c, "password"))));
}

// md5 or sha of the plain password, in lower-case hex; only plain records keep the password.
Awaitable check_password_hash(ApiServices& s, const FieldContext& c) {
  auto lookup = record_of(s, arg_jid(c, "user"));
  auto record = co_await std::move(lookup);
  if (!record) co_return record.error();
  auto method = arg_string(c, "hashMethod");
  const EVP_MD* md = method == "md5" ? EVP_md5() : method == "sha" ? EVP_sha1() : nullptr;
  if (!md) co_return bad_input("hashMethod must be md5 or sha");
  if (!record->plain) {
    co_return FieldError::coded("Password hash checks need passwords stored in plain text",
                                "wrong_type");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_Digest(record->plain->data(), record->plain->size(), digest, &size, md, nullptr);
  auto hex = encoding::hex_encode(std::string_view(reinterpret_cast<char*>(digest), size));
  co_return Resolved(check_payload(hex == arg_string(c, "passwordHash")));
}

Awaitable check_user_exists(ApiServices& s, const FieldContext& c) {
  auto user = arg_jid(c, "user");
  auto problem = check_user(s, user);
  auto error = co_await std::move(problem);
  if (error && error->extensions["code"] != "user_does_not_exist") co_return *error;
  bool exists = !error;
  co_return Resolved(json::value(json::object{
      {"exist", exists}, {"message", exists ? "User exists" : "User does not exist"}}));
}

Awaitable register_user(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  auto name = opt_string(c, "username").value_or(stanza::make_id());
  auto password = arg_string(c, "password");
  if (password.empty()) co_return bad_input("Empty password");
  auto user = jid::Jid::make(name, domain, "");
  if (!user) co_return bad_input("Invalid user name");
  // The account is stored under the prepared name (a generated one is mixed case).
  auto call = s.authenticator.create_account(std::string(user->node()), domain, password);
  auto created = co_await std::move(call);
  if (!created) co_return internal_error(created.error());
  if (!*created)
    co_return FieldError::coded("User " + user->to_string() + " already exists", "user_exists");
  co_return Resolved(user_payload(*user, "User " + user->to_string() + " successfully registered"));
}

Awaitable remove_user(ApiServices& s, const FieldContext& c) {
  auto user = arg_jid(c, "user").bare();
  auto removal = remove_account(s, user);
  if (auto error = co_await std::move(removal)) co_return *error;
  co_return Resolved(user_payload(user, "User " + user.to_string() + " successfully unregistered"));
}

Awaitable ban_user(ApiServices& s, const FieldContext& c) {
  auto user = arg_jid(c, "user").bare();
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return *error;
  // A password nobody knows: the account stays, but nobody can log in to it any more.
  auto call = s.authenticator.set_password(std::string(user.node()), std::string(user.domain()),
                                           stanza::make_id() + stanza::make_id());
  auto changed = co_await std::move(call);
  if (!changed) co_return internal_error(changed.error());
  s.router.sessions().terminate_all(user, stanza::StreamErrorCondition::kPolicyViolation,
                                    arg_string(c, "reason"));
  co_return Resolved(user_payload(user, "User " + user.to_string() + " successfully banned"));
}

asio::awaitable<std::optional<FieldError>> change_password(ApiServices& s, jid::Jid user,
                                                           std::string password) {
  if (password.empty()) co_return bad_input("Empty password");
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return error;
  auto call =
      s.authenticator.set_password(std::string(user.node()), std::string(user.domain()), password);
  auto changed = co_await std::move(call);
  if (!changed) co_return internal_error(changed.error());
  co_return std::nullopt;
}

Awaitable change_user_password(ApiServices& s, const FieldContext& c) {
  auto user = arg_jid(c, "user").bare();
  auto change = change_password(s, user, arg_string(c, "newPassword"));
  if (auto error = co_await std::move(change)) co_return *error;
  co_return Resolved(user_payload(user, "Password changed"));
}

json::array strings(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.emplace_back(json::string(s));
  return out;
}

// The import hashes passwords on several threads and waits for storage: it runs on a thread
// of its own, never on the shard that serves the request.
Awaitable import_users(ApiServices& s, const FieldContext& c) {
  auto path = arg_string(c, "filename");
  auto report = std::make_shared<std::optional<Result<ImportReport>>>();
  auto job = run_off_shard([&s, path, report] {
    std::ifstream csv(path);
    auto served = [&s](std::string_view host) { return s.router.is_local_host(host); };
    if (csv) *report = import_accounts(csv, s.config, *s.stores.accounts, served);
  });
  co_await std::move(job);
  if (!*report) co_return bad_input("File not found: " + path);
  if (!**report) co_return internal_error((*report)->error());
  const auto& r = ***report;
  co_return Resolved(json::value(json::object{{"status", "Import completed"},
                                              {"created", strings(r.created)},
                                              {"existing", strings(r.existing)},
                                              {"notAllowed", strings(r.not_allowed)},
                                              {"invalidJID", strings(r.invalid_jid)},
                                              {"emptyPassword", strings(r.empty_password)},
                                              {"invalidRecord", strings(r.invalid_record)}}));
}

Awaitable unregister(ApiServices& s, const FieldContext& c) {
  auto removal = remove_account(s, caller_of(c).user);
  if (auto error = co_await std::move(removal)) co_return *error;
  co_return Resolved(json::value("Your account has been unregistered"));
}

Awaitable change_own_password(ApiServices& s, const FieldContext& c) {
  auto change = change_password(s, caller_of(c).user, arg_string(c, "newPassword"));
  if (auto error = co_await std::move(change)) co_return *error;
  co_return Resolved(json::value("Password changed"));
}

}  // namespace

void add_account_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "AccountAdminQuery", "listUsers", list_users);
  add_command(admin, services, "AccountAdminQuery", "countUsers", count_users);
  add_command(admin, services, "AccountAdminQuery", "checkPassword", check_password);
  add_command(admin, services, "AccountAdminQuery", "checkPasswordHash", check_password_hash);
  add_command(admin, services, "AccountAdminQuery", "checkUser", check_user_exists);
  add_command(admin, services, "AccountAdminMutation", "registerUser", register_user);
  add_command(admin, services, "AccountAdminMutation", "removeUser", remove_user);
  add_command(admin, services, "AccountAdminMutation", "banUser", ban_user);
  add_command(admin, services, "AccountAdminMutation", "changeUserPassword", change_user_password);
  add_command(admin, services, "AccountAdminMutation", "importUsers", import_users);
  add_command(executors.user, services, "AccountUserMutation", "unregister", unregister);
  add_command(executors.user, services, "AccountUserMutation", "changePassword",
              change_own_password);
}

}  // namespace meerkat::api::graphql

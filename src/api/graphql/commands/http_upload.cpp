// SPDX-License-Identifier: Apache-2.0
// http_upload: upload slots (XEP-0363) made for a user or an admin, with mod_http_upload's
// backend ("local" or "s3") and a lifetime of `timeout` seconds.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "upload/s3_presign.hpp"
#include "upload/upload_files.hpp"
#include "upload/upload_slot.hpp"

namespace meerkat::api::graphql {

namespace {

FieldResult slot(ApiServices& s, const FieldContext& c) {
  const auto& module = s.config.modules.mod_http_upload;
  if (!module) return FieldError::coded("mod_http_upload is not enabled", "deps_not_loaded");
  upload::SlotRequest request{arg_string(c, "filename"),
                              static_cast<std::uint64_t>(*opt_int(c, "size")),
                              opt_string(c, "contentType").value_or("")};
  if (module->max_file_size && request.size > *module->max_file_size) {
    return FieldError::coded("Declared file size exceeds the host's maximum file size",
                             "file_too_large");
  }
  std::chrono::seconds lifetime(*opt_int(c, "timeout"));
  auto now = upload::Clock::now();
  std::optional<upload::Slot> made;
  if (module->local) {
    // The key is a small file in the upload directory, made when the server started.
    auto directory = upload::upload_directory(module->local->directory, s.data_dir);
    auto key = upload::UploadFiles::load_or_create_key(directory);
    if (!key) return internal_error(key.error());
    upload::LocalSlots slots(*key, module->local->base_url, lifetime,
                             static_cast<std::size_t>(module->token_bytes));
    made = slots.make(request, now);
  } else if (module->s3) {
    made = upload::make_s3_slot(*module->s3, request, now, lifetime,
                                static_cast<std::size_t>(module->token_bytes));
  }
  if (!made) return internal_error(Error::internal("the upload backend cannot make a slot"));
  json::array headers;
  for (const auto& [name, value] : made->put_headers) {
    headers.push_back(json::object{{"name", name}, {"value", value}});
  }
  return Resolved(json::value(json::object{
      {"putUrl", made->put_url}, {"getUrl", made->get_url}, {"headers", std::move(headers)}}));
}

Awaitable admin_get_url(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
  co_return slot(s, c);
}

Awaitable user_get_url(ApiServices& s, const FieldContext& c) { co_return slot(s, c); }

}  // namespace

void add_http_upload_commands(Executors executors, ApiServices& services) {
  add_command(executors.admin, services, "HttpUploadAdminMutation", "getUrl", admin_get_url);
  add_command(executors.user, services, "HttpUploadUserMutation", "getUrl", user_get_url);
}

}  // namespace meerkat::api::graphql

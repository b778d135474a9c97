// SPDX-License-Identifier: Apache-2.0
// mod_http_upload: XEP-0363 HTTP File Upload. A service on `host` (upload.<domain>) hands out
// slots: a PUT URL valid for `expiration_time` and the GET URL the file will have, either in
// an S3 bucket (presigned, AWS Signature V4) or on this server (the "local" backend, served by
// the HTTP listener's mod_http_upload handler). Files over `max_file_size` are refused with
// the limit, which the service also announces in disco#info (XEP-0363 §3).
#pragma once

#include <optional>

#include "config/modules/http_upload_options.hpp"
#include "modules/module_context.hpp"
#include "upload/upload_slot.hpp"

namespace meerkat::modules::http_upload {

class HttpUploadModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_http_upload";
  HttpUploadModule(ModuleContext& context, config::modules::HttpUploadOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> request_slot(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> service_info(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> service_items(hooks::IqRequest& request);
  Result<upload::Slot> make_slot(const upload::SlotRequest& request) const;

  router::Router& router_;
  config::modules::HttpUploadOptions options_;
  std::optional<upload::LocalSlots> local_;  // with backend "local"
};

}  // namespace meerkat::modules::http_upload

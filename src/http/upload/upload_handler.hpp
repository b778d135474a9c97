// SPDX-License-Identifier: Apache-2.0
// The HTTP side of mod_http_upload's "local" backend: PUT stores a file at a slot's signed
// URL (once, before the slot expires, with the announced size and type), GET and HEAD serve
// it, OPTIONS answers browsers' CORS preflight. Files are read and written on a worker
// thread, never on a shard.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <string>

#include "http/server/handler.hpp"
#include "upload/upload_files.hpp"
#include "upload/upload_slot.hpp"

namespace meerkat::http::upload_files {

class UploadHandler final : public Handler {
 public:
  // `path` is the handler's route ("/upload"); `max_body` the largest file accepted.
  UploadHandler(std::string path, upload::LocalSlots slots, upload::UploadFiles files,
                std::size_t max_body);

  std::size_t max_body_size() const override { return max_body_; }
  bool serves_subpaths() const override { return true; }
  // A large file over a slow link takes longer than an ordinary request.
  std::chrono::seconds request_timeout() const override { return std::chrono::minutes(10); }
  boost::asio::awaitable<std::optional<Response>> handle(Request& request,
                                                         Exchange& exchange) override;

 private:
  boost::asio::awaitable<Response> put(const Request& request, std::string_view target);
  boost::asio::awaitable<Response> get(const Request& request, std::string_view path);

  std::string prefix_;  // the route path with a trailing slash
  upload::LocalSlots slots_;
  upload::UploadFiles files_;
  std::size_t max_body_;
  boost::asio::thread_pool disk_{1};
};

}  // namespace meerkat::http::upload_files

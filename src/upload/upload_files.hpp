// SPDX-License-Identifier: Apache-2.0
// The files of the "local" upload backend on disk: one directory per slot token holding the
// bytes ("data") and what the uploader said of them ("meta": name and content type). Names
// never become paths, so no file name can reach outside the directory. Blocking file I/O:
// callers run it off the shards.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error/error.hpp"

namespace meerkat::upload {

struct StoredFile {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

class UploadFiles {
 public:
  explicit UploadFiles(std::filesystem::path directory) : directory_(std::move(directory)) {}

  // false: the token already has a file (a slot is used once).
  Result<bool> store(const std::string& token, const std::string& filename,
                     const std::string& content_type, const std::string& bytes) const;
  // The file of `token` if its name is `filename`.
  std::optional<StoredFile> find(const std::string& token, const std::string& filename) const;

  // The key slots are signed with: read from `directory`/.key, or made there on first use,
  // so slots stay valid across restarts and every process serving the directory agrees.
  static Result<std::string> load_or_create_key(const std::filesystem::path& directory);

  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
};

// The local backend's directory: `configured`, below `data_dir` when relative.
std::filesystem::path upload_directory(const std::string& configured, const std::string& data_dir);

}  // namespace meerkat::upload

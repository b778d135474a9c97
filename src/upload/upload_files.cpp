// SPDX-License-Identifier: Apache-2.0
#include "upload/upload_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "upload/upload_slot.hpp"

namespace meerkat::upload {

namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const fs::path& path) {
  return Error::internal(what + " " + path.string());
}

bool write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return static_cast<bool>(out);
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

}  // namespace

Result<bool> UploadFiles::store(const std::string& token, const std::string& filename,
                                const std::string& content_type, const std::string& bytes) const {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  auto slot = directory_ / token;
  // The directory is the slot's claim: a second upload to the same URL finds it taken.
  if (!fs::create_directory(slot, ec)) {
    if (ec) return io_error("cannot create", slot);
    return false;
  }
  // Written under temporary names and renamed, so a download never sees half a file.
  if (!write_file(slot / "data.part", bytes) ||
      !write_file(slot / "meta", filename + "\n" + content_type + "\n")) {
    return io_error("cannot write", slot);
  }
  fs::rename(slot / "data.part", slot / "data", ec);
  if (ec) return io_error("cannot rename", slot / "data.part");
  return true;
}

std::optional<StoredFile> UploadFiles::find(const std::string& token,
                                            const std::string& filename) const {
  if (token.find_first_not_of("0123456789abcdef") != std::string::npos || token.empty()) {
    return std::nullopt;
  }
  auto slot = directory_ / token;
  auto meta = read_file(slot / "meta");
  if (!meta) return std::nullopt;
  auto newline = meta->find('\n');
  if (newline == std::string::npos || meta->substr(0, newline) != filename) return std::nullopt;
  auto bytes = read_file(slot / "data");
  if (!bytes) return std::nullopt;
  auto type = meta->substr(newline + 1);
  if (!type.empty() && type.back() == '\n') type.pop_back();
  return StoredFile{filename, std::move(type), std::move(*bytes)};
}

Result<std::string> UploadFiles::load_or_create_key(const fs::path& directory) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  auto path = directory / ".key";
  if (auto existing = read_file(path); existing && existing->size() >= 32) return *existing;
  auto key = random_hex(32);
  // O_EXCL: of two processes creating the key at once, one wins and both read its key.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
    ::close(fd);
    if (!written) return io_error("cannot write", path);
    return key;
  }
  if (auto existing = read_file(path); existing && existing->size() >= 32) return *existing;
  return io_error("cannot create", path);
}

fs::path upload_directory(const std::string& configured, const std::string& data_dir) {
  fs::path path(configured);
  return path.is_absolute() ? path : fs::path(data_dir) / path;
}

}  // namespace meerkat::upload

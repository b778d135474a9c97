// SPDX-License-Identifier: Apache-2.0
// Shared by the storage tests: a temporary directory removed after the test, and StoreTest,
// a fixture run once per backend (memory, sqlite) so both keep the same contracts.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "storage/memory/memory_stores.hpp"
#include "storage/run_blocking.hpp"
#include "storage/sqlite/sqlite_stores.hpp"
#include "storage/stores.hpp"

namespace meerkat::storage::test {

// A fresh directory under GoogleTest's temporary directory, removed with its contents.
class TempDirectory {
 public:
  TempDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("meerkat-storage-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDirectory() {
    std::error_code ignored;  // a leftover directory must not fail the test that made it
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs one store call to completion; a failed Result throws, which fails the test.
template <class T>
T done(boost::asio::awaitable<Result<T>> call) {
  return run_blocking(std::move(call)).value();
}
inline void done(boost::asio::awaitable<Result<void>> call) {
  run_blocking(std::move(call)).value();
}

// A roster item with only a jid and groups (a partial designated initializer would warn).
inline RosterItem contact(std::string jid, std::vector<std::string> groups = {}) {
  RosterItem item;
  item.jid = std::move(jid);
  item.groups = std::move(groups);
  return item;
}

enum class Backend { kMemory, kSqlite };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kMemory ? "memory" : "sqlite";
}

inline const auto kBackends = ::testing::Values(Backend::kMemory, Backend::kSqlite);

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kMemory) {
      stores_ = memory::make_memory_stores();
      return;
    }
    auto opened = sqlite::open_sqlite_stores(directory_.path() / "meerkat.db");
    ASSERT_TRUE(opened) << opened.error().text;
    stores_ = std::move(*opened);
  }

  TempDirectory directory_;  // declared first: it outlives the database file's users
  Stores stores_;
};

}  // namespace meerkat::storage::test

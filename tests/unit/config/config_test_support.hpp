// SPDX-License-Identifier: Apache-2.0
// Loads TOML text in a temporary working directory that holds the certificate files the
// reference examples name, so file_readable() checks real files.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/modules/modules_schema.hpp"
#include "config/toml/toml_loader.hpp"

namespace meerkat::config::testing {

inline constexpr const char* kGeneral =
    "[general]\n"
    "  hosts = [\"localhost\"]\n"
    "  default_server_domain = \"localhost\"\n";

// The access rules and shaper that the seed's listener examples refer to; a real config must
// define them (the seed: "needs to be defined in the access section").
inline constexpr const char* kSeedRules =
    "[shaper.fast]\n"
    "  max_rate = 50_000\n"
    "[access]\n"
    "  c2s = [{acl = \"all\", value = \"allow\"}]\n"
    "  c2s_shaper = [{acl = \"all\", value = \"none\"}]\n"
    "  s2s_shaper = [{acl = \"all\", value = \"none\"}]\n";

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("meerkat-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    for (const char* name : {"server.pem", "dh_server.pem", "mycert.pem", "mykey.pem", "ca.pem",
                             "key.pem", "cert.pem", "dh.pem", "certs.crl", "cets_disco.txt"}) {
      std::ofstream(dir_ / name) << "placeholder\n";
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  LoadResult load(const std::string& text) {
    return load_toml_string(text, "meerkat.toml", LoadOptions{dir_});
  }

  // The config must load; returns it.
  Config ok(const std::string& text) {
    auto r = load(text);
    if (!r) {
      ADD_FAILURE() << "config rejected:\n" << r.error().what() << "\n--- config ---\n" << text;
      return {};
    }
    return *r;
  }

  // Every error message, in order.
  std::vector<std::string> errors(const std::string& text) {
    auto r = load(text);
    if (r) return {};
    std::vector<std::string> out;
    auto errs = r.error();  // result::error() returns a copy
    for (const auto& e : errs.errors()) out.push_back(e.to_string());
    return out;
  }

  // The single error the config must produce.
  std::string error(const std::string& text) {
    auto all = errors(text);
    if (all.size() != 1) {
      std::string joined;
      for (const auto& e : all) joined += e + "\n";
      ADD_FAILURE() << "expected exactly one error, got " << all.size() << ":\n"
                    << joined << "--- config ---\n"
                    << text;
      return all.empty() ? "" : all.front();
    }
    return all.front();
  }

  std::filesystem::path dir_;
};

}  // namespace meerkat::config::testing

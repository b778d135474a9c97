// SPDX-License-Identifier: Apache-2.0
// Config errors: every problem a loader finds, with file, position and option path
// (STYLE.md "Configuration"). Loaders collect all of them; main prints each and exits 2.
#pragma once

#include <boost/system/result.hpp>
#include <exception>
#include <string>
#include <vector>

namespace meerkat::config {

struct ConfigError {
  std::string file;
  int line = 0;  // 1-based; 0 when the error has no position (e.g. unreadable file)
  int col = 0;
  std::string path;  // option path, e.g. "listen.c2s[1].tls.mode" (array indices are 1-based)
  std::string message;

  // "FILE:LINE:COL: PATH: MESSAGE"; the position and the path are left out when unknown.
  std::string to_string() const;
};

// All errors of one load, sorted by position. Thrown at start-up (main catches it), or carried
// as the error side of LoadResult.
class ConfigErrors : public std::exception {
 public:
  ConfigErrors() = default;
  explicit ConfigErrors(std::vector<ConfigError> errors);

  const std::vector<ConfigError>& errors() const { return errors_; }
  // One error per line.
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  std::vector<ConfigError> errors_;
  std::string text_;
};

// Found by argument-dependent lookup: boost::system::result<T, ConfigErrors>::value() throws the
// errors themselves.
[[noreturn]] void throw_exception_from_error(const ConfigErrors& e,
                                             const boost::source_location& loc);

}  // namespace meerkat::config

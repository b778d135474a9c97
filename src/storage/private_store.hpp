// SPDX-License-Identifier: Apache-2.0
// PrivateStore: XEP-0049 private XML storage, one serialized element per (user, namespace).
// Layer 1: an interface only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

class PrivateStore {
 public:
  virtual ~PrivateStore() = default;

  // std::nullopt: nothing stored under that namespace.
  virtual boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string user,
                                                                         std::string host,
                                                                         std::string xmlns) = 0;
  // Everything stored for the user, as (namespace, element), in namespace order.
  virtual boost::asio::awaitable<Result<std::vector<std::pair<std::string, std::string>>>> all(
      std::string user, std::string host) = 0;
  // XEP-0049 §3: one <query/> may hold several elements; they are stored together, in one
  // transaction, each replacing what was stored under its namespace.
  virtual boost::asio::awaitable<Result<void>> set(
      std::string user, std::string host,
      std::vector<std::pair<std::string, std::string>> ns_and_xml) = 0;
};

}  // namespace meerkat::storage

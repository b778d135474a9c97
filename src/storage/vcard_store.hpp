// SPDX-License-Identifier: Apache-2.0
// VcardStore: each user's vCard (XEP-0054) as serialized XML. Layer 1: an interface only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/error/error.hpp"

namespace meerkat::storage {

class VcardStore {
 public:
  virtual ~VcardStore() = default;

  // std::nullopt: the user never set a vCard.
  virtual boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string user,
                                                                         std::string host) = 0;
  // Replaces the user's vCard.
  virtual boost::asio::awaitable<Result<void>> set(std::string user, std::string host,
                                                   std::string xml) = 0;
};

}  // namespace meerkat::storage

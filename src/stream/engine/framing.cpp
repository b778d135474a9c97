// SPDX-License-Identifier: Apache-2.0
#include "stream/engine/framing.hpp"

namespace meerkat::stream {

boost::asio::awaitable<bool> Framing::start_tls(boost::asio::ssl::context&) { co_return false; }

}  // namespace meerkat::stream

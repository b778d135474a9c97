// SPDX-License-Identifier: Apache-2.0
#include "net/connection_registry.hpp"

#include <boost/asio/post.hpp>
#include <vector>

#include "net/shard_pool.hpp"

namespace meerkat::net {

ConnectionRegistry::ConnectionRegistry(ShardPool& shards) {
  for (std::size_t i = 0; i < shards.size(); ++i) {
    shards_.emplace(&shards.shard(i), std::make_unique<Set>());
  }
}

void ConnectionRegistry::add(boost::asio::io_context& shard, Stoppable& connection) {
  shards_.at(&shard)->insert(&connection);
}

void ConnectionRegistry::remove(boost::asio::io_context& shard, Stoppable& connection) {
  shards_.at(&shard)->erase(&connection);
}

std::size_t ConnectionRegistry::size(boost::asio::io_context& shard) const {
  return shards_.at(&shard)->size();
}

void ConnectionRegistry::stop_all() {
  for (auto& [shard, set] : shards_) {
    boost::asio::post(*shard, [connections = set.get()] {
      // stop() may end a connection synchronously and unregister it: iterate over a copy.
      std::vector<Stoppable*> snapshot(connections->begin(), connections->end());
      for (auto* connection : snapshot) {
        if (connections->contains(connection)) connection->stop();
      }
    });
  }
}

}  // namespace meerkat::net

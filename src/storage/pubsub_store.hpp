// SPDX-License-Identifier: Apache-2.0
// PubsubStore: the personal eventing nodes (XEP-0163) of each user, with their configuration,
// published items (newest last) and explicit subscriptions. Layer 1: an interface only; the
// SQLite backend is in sqlite/.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error/error.hpp"

namespace meerkat::storage {

// XEP-0060 §4.5 access models a personal node can have (no roster groups, no authorize).
enum class PubsubAccess { kOpen, kPresence, kWhitelist };
// XEP-0060 §12.14 pubsub#send_last_published_item.
enum class SendLastItem { kNever, kOnSub, kOnSubAndPresence };

struct PubsubNodeConfig {
  PubsubAccess access = PubsubAccess::kPresence;
  std::optional<std::uint64_t> max_items;  // nullopt: "max", as many as the server keeps
  bool persist_items = true;
  SendLastItem send_last = SendLastItem::kOnSubAndPresence;
  bool notify_retract = true;

  friend bool operator==(const PubsubNodeConfig&, const PubsubNodeConfig&) = default;
};

// The owner of a personal node: a local account.
struct PubsubOwner {
  std::string user;  // nodeprep'd localpart
  std::string host;

  friend bool operator==(const PubsubOwner&, const PubsubOwner&) = default;
};

struct PubsubItem {
  std::string id;
  std::string publisher;  // the full JID that published it
  std::chrono::system_clock::time_point published;
  std::string payload;  // the serialized payload element (empty for a notification-only item)

  friend bool operator==(const PubsubItem&, const PubsubItem&) = default;
};

struct PubsubNode {
  std::string name;
  PubsubNodeConfig config;
  std::vector<std::string> subscribers;  // explicit subscriptions (XEP-0060 §6.1), as JIDs
};

// The newest item of one node, for a contact that just came online (XEP-0163: the last
// published item is sent when a subscriber becomes available).
struct PubsubLastItem {
  PubsubOwner owner;
  std::string node;
  PubsubNodeConfig config;
  PubsubItem item;
};

// What to keep after a publish: items beyond `keep` (oldest first) are deleted.
struct PubsubPublish {
  PubsubOwner owner;
  std::string node;
  PubsubNodeConfig create_with;       // the configuration of a node created by this publish
  std::optional<PubsubItem> item;     // nullopt: notify only, store nothing
  std::optional<std::uint64_t> keep;  // nullopt: no limit
};

class PubsubStore {
 public:
  virtual ~PubsubStore() = default;

  // The node with its subscribers; nullopt when it does not exist.
  virtual boost::asio::awaitable<Result<std::optional<PubsubNode>>> node(PubsubOwner owner,
                                                                         std::string node) = 0;
  // Every node of `owner`, with subscribers.
  virtual boost::asio::awaitable<Result<std::vector<PubsubNode>>> nodes(PubsubOwner owner) = 0;
  // false: the node exists already.
  virtual boost::asio::awaitable<Result<bool>> create(PubsubOwner owner, std::string node,
                                                      PubsubNodeConfig config) = 0;
  // Replaces the configuration and trims the items to `keep`. false: no such node.
  virtual boost::asio::awaitable<Result<bool>> configure(PubsubOwner owner, std::string node,
                                                         PubsubNodeConfig config,
                                                         std::optional<std::uint64_t> keep) = 0;
  // Deletes the node with its items and subscriptions. false: no such node.
  virtual boost::asio::awaitable<Result<bool>> remove(PubsubOwner owner, std::string node) = 0;
  // Creates the node when missing, then stores the item (an item with the same id is
  // replaced and becomes the newest).
  virtual boost::asio::awaitable<Result<void>> publish(PubsubPublish publish) = 0;
  // false: no such item.
  virtual boost::asio::awaitable<Result<bool>> retract(PubsubOwner owner, std::string node,
                                                       std::string item_id) = 0;
  // Items oldest first: those with `ids` (all when empty), or only the newest `last`.
  virtual boost::asio::awaitable<Result<std::vector<PubsubItem>>> items(
      PubsubOwner owner, std::string node, std::vector<std::string> ids,
      std::optional<std::uint64_t> last) = 0;
  // false when nothing changed (already subscribed / not subscribed).
  virtual boost::asio::awaitable<Result<bool>> subscribe(PubsubOwner owner, std::string node,
                                                         std::string jid) = 0;
  virtual boost::asio::awaitable<Result<bool>> unsubscribe(PubsubOwner owner, std::string node,
                                                           std::string jid) = 0;
  // The newest item of every node of each owner, for the nodes that have one.
  virtual boost::asio::awaitable<Result<std::vector<PubsubLastItem>>> last_items(
      std::vector<PubsubOwner> owners) = 0;
  // An account was removed: its nodes, and its subscriptions to other users' nodes
  // (`bare_jid` is its bare JID; full-JID subscriptions of its resources go too).
  virtual boost::asio::awaitable<Result<void>> remove_user(PubsubOwner owner,
                                                           std::string bare_jid) = 0;
};

}  // namespace meerkat::storage

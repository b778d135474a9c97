// SPDX-License-Identifier: Apache-2.0
// Schema of the `listen` section: listener_common() is written once and merged with the
// options of each listener type (STYLE.md "Configuration").
#pragma once

#include "config/listen_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<ListenOptions> listen_schema();

// The parts, exposed for tests and for other loaders (ejabberd's listen: has the same types).
Section<ListenerCommon> listener_common();
Section<C2sListenerOptions> c2s_listener_schema();
Section<S2sListenerOptions> s2s_listener_schema();
Section<ServiceListenerOptions> service_listener_schema(bool component);
Section<HttpListenerOptions> http_listener_schema();

}  // namespace meerkat::config

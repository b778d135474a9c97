// SPDX-License-Identifier: Apache-2.0
// Schema of the `s2s` section (also host_config.s2s) and of client-side TLS tables.
#pragma once

#include "config/s2s_options.hpp"

namespace meerkat::config {

template <class S>
class Section;

Section<S2sOptions> s2s_schema();
// `with_mode`: s2s.outgoing.tls; `with_required`: rdbms pools.
Section<ClientTlsOptions> client_tls_schema(bool with_mode, bool with_required);

}  // namespace meerkat::config

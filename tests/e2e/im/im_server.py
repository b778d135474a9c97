# SPDX-License-Identifier: Apache-2.0
"""The configuration the IM tests run on: one c2s listener with STARTTLS on the generated
self-signed certificate, and the IM modules."""

MODULES = """
[modules.mod_roster]
  versioning = true
[modules.mod_offline]
[modules.mod_ping]
"""


def start_im_server(meerkat, port, listener_extra="", modules=MODULES, auth="", general=None):
    listeners = f"""
    [[listen.c2s]]
      port = {port}
      tls.mode = "starttls"
      {listener_extra}
    """ + modules + auth
    server = meerkat(listeners) if general is None else meerkat(listeners, general=general)
    server.cafile = str(server.workdir / "var" / "selfsigned.pem")
    return server

"""A loopback stand-in for WeChat's API servers (development and tests), on a real local HTTP port.

It answers the endpoints ZhiFa calls in WeChat's own JSON wire format — ``/cgi-bin/token``,
``/cgi-bin/message/custom/send``, ``/cgi-bin/message/template/send``, ``/cgi-bin/message/subscribe/send``,
``/sns/jscode2session``, ``/cgi-bin/media/get`` — checks the access token and the required fields as WeChat does
(``errcode`` 40001 / 40014 / 40029 / 44002 / 47001 …) and records every message sent, so tests see exactly what a user
would receive. Point ``ZHIFA_WECHAT__API_BASE_URL`` at :attr:`LoopbackWeChat.base_url`.

Also the other direction: :meth:`LoopbackWeChat.signed_post` builds a message push exactly as WeChat's servers send
it (query signature, and for safe mode the AES-encrypted envelope with ``msg_signature``) through wechatpy's crypto.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner


@dataclass
class Sent:
    path: str
    body: dict[str, Any]
    at: float = field(default_factory=time.time)


@dataclass
class LoopbackWeChat:
    appid: str
    secret: str
    mini_appid: str = ""
    mini_secret: str = ""
    media: dict[str, bytes] = field(default_factory=dict)  # media_id → file, for /cgi-bin/media/get
    codes: dict[str, str] = field(default_factory=dict)  # js_code → openid, for jscode2session
    sent: list[Sent] = field(default_factory=list)
    token_fetches: int = 0
    fail_sends: int = 0  # the next N sends answer errcode 45015 (e.g. the user has not talked for 48 h)
    _tokens: set[str] = field(default_factory=set)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- lifecycle ------------------------------------------------------------------------------------------
    def start(self) -> LoopbackWeChat:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                stand_in._dispatch(self, b"")

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                stand_in._dispatch(self, self.rfile.read(size))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="wechat-loopback", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def texts(self, openid: str | None = None) -> list[str]:
        """Customer-service texts delivered (to ``openid``)."""
        with self._lock:
            return [
                s.body["text"]["content"]
                for s in self.sent
                if s.path.endswith("/message/custom/send")
                and (openid is None or s.body.get("touser") == openid)
            ]

    def of(self, suffix: str) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.path.endswith(suffix)]

    # --- the API ----------------------------------------------------------------------------------------------
    def _dispatch(self, h: BaseHTTPRequestHandler, raw: bytes) -> None:
        url = urlparse(h.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path
        if path == "/cgi-bin/token":
            return self._json(h, self._token(q))
        if path == "/sns/jscode2session":
            return self._json(h, self._code2session(q))
        if q.get("access_token") not in self._tokens:
            return self._json(h, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"})
        if path == "/cgi-bin/media/get":
            found = self.media.get(q.get("media_id", ""))
            if found is None:
                return self._json(h, {"errcode": 40007, "errmsg": "invalid media_id"})
            h.send_response(200)
            h.send_header("Content-Type", "audio/amr")
            h.send_header("Content-Disposition", f'attachment; filename="{q["media_id"]}.amr"')
            h.send_header("Content-Length", str(len(found)))
            h.end_headers()
            h.wfile.write(found)
            return None
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return self._json(h, {"errcode": 47001, "errmsg": "data format error"})
        if path in (
            "/cgi-bin/message/custom/send",
            "/cgi-bin/message/template/send",
            "/cgi-bin/message/subscribe/send",
        ):
            return self._json(h, self._send(path, body))
        return self._json(h, {"errcode": 40066, "errmsg": "invalid url"})

    def _token(self, q: dict[str, str]) -> dict[str, Any]:
        pairs = {(self.appid, self.secret), (self.mini_appid, self.mini_secret)}
        if q.get("grant_type") != "client_credential" or (q.get("appid"), q.get("secret")) not in pairs:
            return {"errcode": 40013, "errmsg": "invalid appid"}
        token = secrets.token_urlsafe(48)
        with self._lock:
            self._tokens.add(token)
            self.token_fetches += 1
        return {"access_token": token, "expires_in": 7200}

    def _code2session(self, q: dict[str, str]) -> dict[str, Any]:
        if (q.get("appid"), q.get("secret")) != (self.mini_appid, self.mini_secret):
            return {"errcode": 40013, "errmsg": "invalid appid"}
        openid = self.codes.pop(q.get("js_code", ""), None)  # a code is good once
        if openid is None:
            return {"errcode": 40029, "errmsg": "invalid code"}
        return {"openid": openid, "session_key": secrets.token_urlsafe(16)}

    def _send(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("touser"):
            return {"errcode": 40003, "errmsg": "invalid openid"}
        if path.endswith("custom/send"):
            content = (body.get("text") or {}).get("content")
            if body.get("msgtype") != "text" or not content:
                return {"errcode": 44002, "errmsg": "empty post data"}
            if len(content.encode("utf-8")) > 2048:
                return {"errcode": 45002, "errmsg": "content size out of limit"}
        elif not body.get("template_id") or not isinstance(body.get("data"), dict):
            return {"errcode": 40037, "errmsg": "invalid template_id"}
        with self._lock:
            if self.fail_sends > 0:
                self.fail_sends -= 1
                return {"errcode": 45015, "errmsg": "response out of time limit or subscription is canceled"}
            self.sent.append(Sent(path, body))
        return {"errcode": 0, "errmsg": "ok", "msgid": int(time.time() * 1000)}

    @staticmethod
    def _json(h: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        h.send_response(200)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    # --- pushes, as WeChat's servers send them --------------------------------------------------------------
    @staticmethod
    def text_xml(openid: str, to: str, content: str, msg_id: int, create_time: int | None = None) -> str:
        return (
            f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
        )

    @staticmethod
    def voice_xml(openid: str, to: str, media_id: str, msg_id: int, recognition: str | None = None) -> str:
        rec = f"<Recognition><![CDATA[{recognition}]]></Recognition>" if recognition is not None else ""
        return (
            f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
            f"<MediaId><![CDATA[{media_id}]]></MediaId><Format><![CDATA[amr]]></Format>{rec}<MsgId>{msg_id}</MsgId></xml>"
        )

    @staticmethod
    def event_xml(openid: str, to: str, event: str, key: str = "", create_time: int | None = None) -> str:
        k = f"<EventKey><![CDATA[{key}]]></EventKey>" if key else ""
        return (
            f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event>{k}</xml>"
        )

    @staticmethod
    def signed_post(
        xml: str, *, token: str, aes_key: str | None = None, appid: str = "", timestamp: int | None = None,
        nonce: str | None = None,
    ) -> tuple[dict[str, str], bytes]:  # fmt: skip
        """Query parameters and body of one push: plaintext, or (``aes_key`` given) the safe-mode envelope."""
        ts, nonce = str(timestamp or int(time.time())), nonce or secrets.token_hex(5)
        signer = WeChatSigner()
        signer.add_data(token, ts, nonce)
        params = {"signature": signer.signature, "timestamp": ts, "nonce": nonce, "openid": "x"}
        if aes_key is None:
            return params, xml.encode("utf-8")
        envelope = WeChatCrypto(token, aes_key, appid).encrypt_message(xml, nonce, ts)
        inner = str(envelope).split("<Encrypt><![CDATA[")[1].split("]]></Encrypt>")[0]
        body = f"<xml><ToUserName><![CDATA[gh_loopback]]></ToUserName><Encrypt><![CDATA[{inner}]]></Encrypt></xml>"
        msg_signer = WeChatSigner()
        msg_signer.add_data(token, ts, nonce, inner)
        params.update(encrypt_type="aes", msg_signature=msg_signer.signature)
        return params, body.encode("utf-8")


def new_aes_key() -> str:
    """A random EncodingAESKey (43 characters, as the WeChat console makes)."""
    import base64

    return base64.b64encode(hashlib.sha256(secrets.token_bytes(32)).digest()).decode()[:43]

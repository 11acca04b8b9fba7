"""paytm-checkout for Python: the Paytm payment-gateway engine (checksums, request building,
response and callback verification, reconciliation, the checkout/refund/wallet engine) as a thin
layer over the bundled C library `libpaytm_checkout` (ctypes). docs/python.md is the guide.

    from paytm_checkout import MerchantKey, build_request, parse_response, reconcile, Session
    from paytm_checkout import PaytmChecksum      # drop-in for PyPI paytmchecksum
"""

from . import PaytmChecksum
from ._errors import (
    BoundaryError,
    ErrorCode,
    InvalidArgumentType,
    InvalidInput,
    PaytmError,
    ResponseError,
    SessionError,
    SignatureError,
    error_message,
    error_name,
)
from .api import (
    DoctorReport,
    Finding,
    ParsedCallback,
    ParsedResponse,
    Request,
    ResultClass,
    Transaction,
    Verdict,
    api_names,
    build_curl,
    build_request,
    card_info_encode,
    classify,
    doctor,
    explain,
    lookup,
    parse_callback,
    parse_response,
    reconcile,
    response_api_names,
    result_code_table,
    result_code_tables,
    version,
)
from .keys import Credentials, MerchantKey, checksum_hash, params_joined, signing_string
from .session import (
    Action,
    CollectOtp,
    CollectPayment,
    Done,
    Failure,
    OpenDeepLink,
    OpenForm,
    Outcome,
    RenderBankForm,
    Send,
    Session,
    UnknownAction,
    Wait,
)

__version__ = version()

__all__ = [
    "PaytmChecksum", "MerchantKey", "Credentials", "signing_string", "params_joined", "checksum_hash",
    "build_request", "build_curl", "api_names", "response_api_names", "Request",
    "parse_response", "parse_callback", "ParsedResponse", "ParsedCallback", "Transaction",
    "reconcile", "Verdict", "explain", "doctor", "DoctorReport", "Finding",
    "ResultClass", "classify", "lookup", "result_code_table", "result_code_tables", "card_info_encode",
    "Session", "Action", "Send", "CollectPayment", "RenderBankForm", "OpenDeepLink", "CollectOtp", "OpenForm",
    "Wait", "Done", "UnknownAction", "Outcome", "Failure",
    "PaytmError", "InvalidInput", "InvalidArgumentType", "SignatureError", "ResponseError", "SessionError",
    "BoundaryError", "ErrorCode", "error_name", "error_message", "version", "__version__",
]

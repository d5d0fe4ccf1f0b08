# Computes the golden cookies of GoldenCookies.cs from the layouts in docs/security.md, outside .NET.
# Needs Python 3 and the `cryptography` package: python3 GoldenCookies.py
import base64
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT = b"ScSession.v1"


def hkdf(ikm, length, info):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=SALT, info=info).derive(ikm)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def envelope(session_id, created, last_seen, sections):
    out = bytes([1]) + session_id + struct.pack("<qq", created, last_seen)
    for name, data in sections:
        encoded = name.encode()
        out += struct.pack("<H", len(encoded)) + encoded + struct.pack("<i", len(data)) + data
    return out


def aes_block(key, block):
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def xaes_256_gcm_seal(key, nonce, plaintext, aad):
    """https://c2sp.org/XAES-256-GCM"""
    l = int.from_bytes(aes_block(key, bytes(16)), "big")
    k1 = (l << 1) & ((1 << 128) - 1)
    if l >> 127:
        k1 ^= 0x87
    k1 = k1.to_bytes(16, "big")
    xor = lambda a, b: bytes(i ^ j for i, j in zip(a, b))
    m1 = bytes([0, 1, 0x58, 0]) + nonce[:12]
    m2 = bytes([0, 2, 0x58, 0]) + nonce[:12]
    kx = aes_block(key, xor(m1, k1)) + aes_block(key, xor(m2, k1))
    return AESGCM(kx).encrypt(nonce[12:], plaintext, aad)


def length_prefixed(text):
    data = text.encode()
    return struct.pack(">I", len(data)) + data


assert xaes_256_gcm_seal(bytes([1]) * 32, b"ABCDEFGHIJKLMNOPQRSTUVWX", b"XAES-256-GCM", b"").hex() == \
    "ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271"

secret = bytes(range(32))
cookie_name = ".scs"
application_name = "Shop"
plaintext = envelope(bytes([0xAB]) * 32, 1_700_000_000_000, 1_700_000_500_000, [("CartSession", b'{"items":[]}')])
key_id = hkdf(secret, 4, b"ScSession cookie key id")
print("key ID", key_id.hex())

# Format 1: 0x01 | key ID | nonce (12) | ciphertext | tag
v1_key = hkdf(secret, 32, b"ScSession cookie encryption key:" + cookie_name.encode())
v1_header = bytes([0x01]) + key_id
v1_nonce = bytes(range(1, 13))
print("V1", b64url(v1_header + v1_nonce + AESGCM(v1_key).encrypt(v1_nonce, plaintext, v1_header + cookie_name.encode())))

# Format 2: 0x03 | key ID | nonce (24) | ciphertext | tag
binding = length_prefixed(cookie_name) + length_prefixed(application_name)
v2_key = hkdf(secret, 32, b"ScSession cookie key v2" + binding)
v2_header = bytes([0x03]) + key_id
v2_nonce = bytes(range(1, 25))
print("V2", b64url(v2_header + v2_nonce + xaes_256_gcm_seal(v2_key, v2_nonce, plaintext, v2_header + binding)))

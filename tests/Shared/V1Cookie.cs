using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ScSession.Internal;

namespace ScSession.TestSupport;

/// <summary>
/// Writes a session cookie in format 1 (<c>0x01</c>: AES-256-GCM with a 96-bit nonce, the key bound to the cookie
/// name only), the format ScSession wrote before format 2. It follows the layout documented in docs/security.md
/// instead of calling the codec, so the tests that read such cookies check the codec against the documented format.
/// </summary>
internal static class V1Cookie
{
    private static readonly byte[] s_salt = "ScSession.v1"u8.ToArray();

    public static string Encode(byte[] secret, string cookieName, SessionEnvelope envelope, byte[]? nonce = null)
    {
        var plaintext = new byte[envelope.GetEncodedLength()];
        envelope.WriteTo(plaintext);
        return Encode(secret, cookieName, plaintext, nonce ?? RandomNumberGenerator.GetBytes(12));
    }

    public static string Encode(byte[] secret, string cookieName, byte[] plaintext, byte[] nonce)
    {
        var aesKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, s_salt, Encoding.UTF8.GetBytes("ScSession cookie encryption key:" + cookieName));
        var keyId = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 4, s_salt, "ScSession cookie key id"u8.ToArray());
        var header = new byte[5];
        header[0] = 0x01;
        keyId.CopyTo(header, 1);
        byte[] associatedData = [.. header, .. Encoding.UTF8.GetBytes(cookieName)];

        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(aesKey, 16))
        {
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        return Base64Url.EncodeToString([.. header, .. nonce, .. ciphertext, .. tag]);
    }

    /// <summary>The key ID a secret gets in every format (derived from the secret alone).</summary>
    public static uint KeyId(byte[] secret)
        => BinaryPrimitives.ReadUInt32BigEndian(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 4, s_salt, "ScSession cookie key id"u8.ToArray()));
}

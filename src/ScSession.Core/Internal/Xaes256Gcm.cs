using System.Security.Cryptography;

namespace ScSession.Internal;

/// <summary>
/// XAES-256-GCM (https://c2sp.org/XAES-256-GCM): AES-256-GCM with a 192-bit nonce, so nonces can be random for
/// practically any number of messages under one key (2^80 messages for a 2^-32 collision risk), where AES-GCM's
/// 96-bit random nonces must stop at about 2^32.
/// </summary>
/// <remarks>
/// Each message gets its own AES-256-GCM key, derived from the key and the first 12 bytes of the nonce by the
/// NIST SP 800-108r1 counter-mode KDF with AES-256-CMAC (two AES block operations); the last 12 bytes of the nonce
/// are that key's GCM nonce. The CMAC subkey K1 depends on the key alone and is computed once. The derived key lives
/// on the stack and is zeroed after use. Thread-safe: the block cipher is kept per thread.
/// </remarks>
internal sealed class Xaes256Gcm : IDisposable
{
    public const int KeySizeInBytes = 32;
    public const int NonceSizeInBytes = 24;
    public const int TagSizeInBytes = 16;

    private const int BlockSize = 16;
    private const int KdfNonceLength = 12; // N[:12] goes into the key derivation, N[12:] is the GCM nonce

    private readonly byte[] _key;
    private readonly byte[] _k1 = new byte[BlockSize];
    private readonly ThreadLocal<Aes> _blockCipher;

    public Xaes256Gcm(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizeInBytes)
        {
            throw new ArgumentException($"An XAES-256-GCM key is {KeySizeInBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
        _blockCipher = new ThreadLocal<Aes>(CreateBlockCipher, trackAllValues: true);

        // K1 = CMAC subkey of K (NIST SP 800-38B 6.1): L = AES-K(0^128), then L << 1, folding its top bit back
        // in with the constant 0x87. Only K1 is needed: the CMAC input is always exactly one block.
        Span<byte> l = stackalloc byte[BlockSize];
        ReadOnlySpan<byte> zero = stackalloc byte[BlockSize];
        _blockCipher.Value!.EncryptEcb(zero, l, PaddingMode.None);
        for (var i = 0; i < BlockSize - 1; i++)
        {
            _k1[i] = (byte)((l[i] << 1) | (l[i + 1] >> 7));
        }

        _k1[BlockSize - 1] = (byte)((l[BlockSize - 1] << 1) ^ ((l[0] >> 7) * 0x87));
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length; may be the same memory).</summary>
    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData = default)
    {
        CheckNonce(nonce);
        Span<byte> messageKey = stackalloc byte[KeySizeInBytes];
        try
        {
            DeriveMessageKey(nonce[..KdfNonceLength], messageKey);
            using var gcm = new AesGcm(messageKey, TagSizeInBytes);
            gcm.Encrypt(nonce[KdfNonceLength..], plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
    }

    /// <summary>Decrypts and authenticates; throws <see cref="AuthenticationTagMismatchException"/> when anything was changed.</summary>
    public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        CheckNonce(nonce);
        Span<byte> messageKey = stackalloc byte[KeySizeInBytes];
        try
        {
            DeriveMessageKey(nonce[..KdfNonceLength], messageKey);
            using var gcm = new AesGcm(messageKey, TagSizeInBytes);
            gcm.Decrypt(nonce[KdfNonceLength..], ciphertext, tag, plaintext, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
    }

    /// <summary>
    /// Kx = AES-K(M1 ⊕ K1) || AES-K(M2 ⊕ K1), with Mi = 0x00 || i || "X" || 0x00 || N[:12]: the SP 800-108r1 counter
    /// KDF (16-bit counter i, label "X", context N[:12], no L field) over single-block CMAC. Internal for the tests,
    /// which check it against the specification's intermediate values.
    /// </summary>
    internal void DeriveMessageKey(ReadOnlySpan<byte> kdfNonce, Span<byte> messageKey)
    {
        Span<byte> blocks = stackalloc byte[2 * BlockSize];
        for (var counter = 1; counter <= 2; counter++)
        {
            var block = blocks.Slice((counter - 1) * BlockSize, BlockSize);
            block[0] = 0x00;
            block[1] = (byte)counter;
            block[2] = (byte)'X';
            block[3] = 0x00;
            kdfNonce.CopyTo(block[4..]);
            for (var i = 0; i < BlockSize; i++)
            {
                block[i] ^= _k1[i];
            }
        }

        // Both blocks in one ECB call: one native cipher context instead of two.
        _blockCipher.Value!.EncryptEcb(blocks, messageKey, PaddingMode.None);
        CryptographicOperations.ZeroMemory(blocks); // they hold K1
    }

    /// <summary>The CMAC subkey K1, for the tests.</summary>
    internal ReadOnlySpan<byte> K1 => _k1;

    private static void CheckNonce(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceSizeInBytes)
        {
            throw new ArgumentException($"An XAES-256-GCM nonce is {NonceSizeInBytes} bytes.", nameof(nonce));
        }
    }

    private Aes CreateBlockCipher()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }

    public void Dispose()
    {
        foreach (var aes in _blockCipher.Values)
        {
            aes.Dispose();
        }

        _blockCipher.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_k1);
    }
}

using System.Security.Cryptography;

namespace ScSession.Internal;

/// <summary>
/// XAES-256-GCM (https://c2sp.org/XAES-256-GCM): AES-256-GCM with a 192-bit nonce, so nonces can be random for
/// practically any number of messages under one key, where AES-GCM's 96-bit random nonces must stop at about 2^32.
/// </summary>
/// <remarks>
/// <para>
/// The AES-256-GCM key of a message is derived from the key and the first 12 bytes of its nonce (the "key prefix")
/// by the NIST SP 800-108r1 counter-mode KDF with AES-256-CMAC: two AES block operations. The last 12 bytes of the
/// nonce are that key's GCM nonce. The CMAC subkey K1 depends on the key alone and is computed once.
/// </para>
/// <para>
/// Deriving a key is cheap; making a .NET <see cref="AesGcm"/> for it is not (≈ 1–2 µs: a new native cipher context,
/// as much as sealing a whole 1 KB cookie; docs/benchmarks.md, "Cookie format 2"). So <see cref="NewNonce"/> keeps one
/// random key prefix for <see cref="MessagesPerKeyPrefix"/> messages, each with its own random 96-bit GCM nonce, and
/// each thread keeps the AES-GCM instances of the last <see cref="CachedKeysPerThread"/> key prefixes it used. The
/// wire format is plain XAES-256-GCM and any nonce decrypts; only the nonces this class makes are grouped. Under one
/// derived key there are at most 2^20 messages with random 96-bit nonces (a repeat has probability below 2^-57), and
/// derived keys repeat only if two random 96-bit key prefixes do: no practical limit on messages per key remains.
/// </para>
/// <para>
/// A derived key exists in managed memory only while its AES-GCM instance is made, and is zeroed at once; the native
/// instance is disposed when it leaves the cache, or finalized once its thread or this object is gone. A decryption
/// caches its instance only once the message authenticated, so forged cookies cannot fill the cache. Thread-safe.
/// </para>
/// </remarks>
internal sealed class Xaes256Gcm : IDisposable
{
    public const int KeySizeInBytes = 32;
    public const int NonceSizeInBytes = 24;
    public const int TagSizeInBytes = 16;

    /// <summary>How many nonces from <see cref="NewNonce"/> share a key prefix (so a derived key).</summary>
    public const long MessagesPerKeyPrefix = 1 << 20;

    /// <summary>How many derived keys' AES-GCM instances each thread keeps.</summary>
    public const int CachedKeysPerThread = 8;

    private const int BlockSize = 16;
    private const int KeyPrefixLength = 12; // N[:12] goes into the key derivation, N[12:] is the GCM nonce

    private readonly byte[] _key;
    private readonly byte[] _k1 = new byte[BlockSize];
    private readonly ThreadLocal<ThreadState> _threads;
    private KeyPrefix _prefix = KeyPrefix.CreateRandom();

    public Xaes256Gcm(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizeInBytes)
        {
            throw new ArgumentException($"An XAES-256-GCM key is {KeySizeInBytes} bytes.", nameof(key));
        }

        _key = key.ToArray(); // each thread makes its own ECB encryptor from it
        // Not trackAllValues: a tracked ThreadLocal keeps the values of threads that ended until it is disposed, and
        // thread-pool threads come and go for the life of the application. An untracked value goes with its thread;
        // the native contexts it holds are freed (and cleansed by OpenSSL) by their SafeHandles' finalizers.
        _threads = new ThreadLocal<ThreadState>(() => new ThreadState(_key));
        var state = _threads.Value!;

        // K1 = CMAC subkey of K (NIST SP 800-38B 6.1): L = AES-K(0^128), then L << 1, folding its top bit back
        // in with the constant 0x87. Only K1 is needed: the CMAC input is always exactly one block.
        state.Input.AsSpan().Clear();
        var l = state.EncryptTwoBlocks()[..BlockSize];
        for (var i = 0; i < BlockSize - 1; i++)
        {
            _k1[i] = (byte)((l[i] << 1) | (l[i + 1] >> 7));
        }

        _k1[BlockSize - 1] = (byte)((l[BlockSize - 1] << 1) ^ ((l[0] >> 7) * 0x87));
        state.ClearBlocks();
    }

    /// <summary>The CMAC subkey K1, for the tests (the specification lists it).</summary>
    internal ReadOnlySpan<byte> K1 => _k1;

    /// <summary>
    /// Writes a fresh nonce: the current key prefix (random, renewed every <see cref="MessagesPerKeyPrefix"/>
    /// nonces) and 12 bytes of fresh CSPRNG output.
    /// </summary>
    public void NewNonce(Span<byte> nonce)
    {
        CheckNonce(nonce);
        while (true)
        {
            var prefix = Volatile.Read(ref _prefix);
            if (Interlocked.Decrement(ref prefix.Remaining) >= 0)
            {
                prefix.Bytes.CopyTo(nonce);
                break;
            }

            // Used up: the first thread here installs a new prefix; the others retry with it.
            Interlocked.CompareExchange(ref _prefix, KeyPrefix.CreateRandom(), prefix);
        }

        NonceSource.Fill(nonce[KeyPrefixLength..]);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length; may be the same memory).</summary>
    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData = default)
    {
        CheckNonce(nonce);
        var state = _threads.Value!;
        var keyPrefix = nonce[..KeyPrefixLength];
        var gcm = state.Find(keyPrefix);
        if (gcm is null)
        {
            gcm = CreateMessageCipher(state, keyPrefix);
            state.Add(keyPrefix, gcm);
        }

        gcm.Encrypt(nonce[KeyPrefixLength..], plaintext, ciphertext, tag, associatedData);
    }

    /// <summary>Decrypts and authenticates; throws <see cref="AuthenticationTagMismatchException"/> when anything was changed.</summary>
    public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        CheckNonce(nonce);
        var state = _threads.Value!;
        var keyPrefix = nonce[..KeyPrefixLength];
        if (state.Find(keyPrefix) is { } cached)
        {
            cached.Decrypt(nonce[KeyPrefixLength..], ciphertext, tag, plaintext, associatedData);
            return;
        }

        var gcm = CreateMessageCipher(state, keyPrefix);
        try
        {
            gcm.Decrypt(nonce[KeyPrefixLength..], ciphertext, tag, plaintext, associatedData);
        }
        catch
        {
            gcm.Dispose();
            throw;
        }

        state.Add(keyPrefix, gcm); // authenticated: the key prefix is one this key's owner made
    }

    /// <summary>The message key for a key prefix (the first 12 bytes of a nonce), for the tests (the specification lists it).</summary>
    internal byte[] DeriveMessageKey(ReadOnlySpan<byte> keyPrefix)
    {
        var state = _threads.Value!;
        try
        {
            return DeriveMessageKey(state, keyPrefix).ToArray();
        }
        finally
        {
            state.ClearBlocks();
        }
    }

    /// <summary>Whether this thread holds the AES-GCM instance of a key prefix, for the tests.</summary>
    internal bool IsCachedOnThisThread(ReadOnlySpan<byte> keyPrefix) => _threads.Value!.Find(keyPrefix) is not null;

    private AesGcm CreateMessageCipher(ThreadState state, ReadOnlySpan<byte> keyPrefix)
    {
        try
        {
            return new AesGcm(DeriveMessageKey(state, keyPrefix), TagSizeInBytes);
        }
        finally
        {
            state.ClearBlocks();
        }
    }

    /// <summary>
    /// Kx = AES-K(M1 ⊕ K1) || AES-K(M2 ⊕ K1), with Mi = 0x00 || i || "X" || 0x00 || N[:12]: the SP 800-108r1 counter
    /// KDF (16-bit counter i, label "X", context N[:12], no L field) over single-block CMAC. The key is returned in
    /// the thread's block buffer, which the caller clears.
    /// </summary>
    private ReadOnlySpan<byte> DeriveMessageKey(ThreadState state, ReadOnlySpan<byte> keyPrefix)
    {
        var blocks = state.Input.AsSpan();
        for (var counter = 1; counter <= 2; counter++)
        {
            var block = blocks.Slice((counter - 1) * BlockSize, BlockSize);
            block[0] = 0x00;
            block[1] = (byte)counter;
            block[2] = (byte)'X';
            block[3] = 0x00;
            keyPrefix.CopyTo(block[4..]);
            for (var i = 0; i < BlockSize; i++)
            {
                block[i] ^= _k1[i];
            }
        }

        return state.EncryptTwoBlocks();
    }

    private static void CheckNonce(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceSizeInBytes)
        {
            throw new ArgumentException($"An XAES-256-GCM nonce is {NonceSizeInBytes} bytes.", nameof(nonce));
        }
    }

    public void Dispose()
    {
        // Other threads' states become unreachable with the ThreadLocal; their native contexts go with finalization.
        if (_threads.IsValueCreated)
        {
            _threads.Value!.Dispose();
        }

        _threads.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_k1);
    }

    /// <summary>The key prefix <see cref="NewNonce"/> hands out, and how many more nonces may use it.</summary>
    private sealed class KeyPrefix
    {
        public byte[] Bytes { get; } = new byte[KeyPrefixLength];

        public long Remaining = MessagesPerKeyPrefix;

        public static KeyPrefix CreateRandom()
        {
            var prefix = new KeyPrefix();
            RandomNumberGenerator.Fill(prefix.Bytes);
            return prefix;
        }
    }

    /// <summary>
    /// One thread's AES-256 ECB encryptor under the key, its two-block buffers, and the AES-GCM instances of the last
    /// key prefixes it used (replaced oldest first).
    /// </summary>
    /// <remarks>
    /// The ECB encryptor is a kept <see cref="ICryptoTransform"/>, not
    /// <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>, which sets up a new
    /// native cipher context on every call (≈ 1 µs against ≈ 0.2 µs here). ECB carries no state from one call to the
    /// next, so one transform serves every call.
    /// </remarks>
    private sealed class ThreadState : IDisposable
    {
        private readonly ICryptoTransform _encryptor;
        private readonly byte[] _output = new byte[2 * BlockSize];
        private readonly byte[] _prefixes = new byte[CachedKeysPerThread * KeyPrefixLength];
        private readonly AesGcm?[] _ciphers = new AesGcm?[CachedKeysPerThread];
        private int _next;

        public ThreadState(byte[] key)
        {
            using var aes = Aes.Create();
            aes.Mode = CipherMode.ECB;
            aes.Padding = PaddingMode.None;
            _encryptor = aes.CreateEncryptor(key, null);
        }

        /// <summary>Two blocks to encrypt.</summary>
        public byte[] Input { get; } = new byte[2 * BlockSize];

        /// <summary>Encrypts <see cref="Input"/>; the result stays valid until the next call or <see cref="ClearBlocks"/>.</summary>
        public ReadOnlySpan<byte> EncryptTwoBlocks()
        {
            _encryptor.TransformBlock(Input, 0, Input.Length, _output, 0);
            return _output;
        }

        /// <summary>Zeroes both block buffers: they held K1 and a message key.</summary>
        public void ClearBlocks()
        {
            CryptographicOperations.ZeroMemory(Input);
            CryptographicOperations.ZeroMemory(_output);
        }

        public AesGcm? Find(ReadOnlySpan<byte> keyPrefix)
        {
            for (var i = 0; i < CachedKeysPerThread; i++)
            {
                // Key prefixes are public (they travel in the cookie): an ordinary comparison is fine.
                if (_ciphers[i] is { } cipher && _prefixes.AsSpan(i * KeyPrefixLength, KeyPrefixLength).SequenceEqual(keyPrefix))
                {
                    return cipher;
                }
            }

            return null;
        }

        public void Add(ReadOnlySpan<byte> keyPrefix, AesGcm cipher)
        {
            _ciphers[_next]?.Dispose();
            _ciphers[_next] = cipher;
            keyPrefix.CopyTo(_prefixes.AsSpan(_next * KeyPrefixLength));
            _next = (_next + 1) % CachedKeysPerThread;
        }

        public void Dispose()
        {
            ClearBlocks();
            foreach (var cipher in _ciphers)
            {
                cipher?.Dispose();
            }

            _encryptor.Dispose();
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace Fulcrum.L4.Tcp;

/// <summary>
/// The memory pool of tcp listeners' Kestrel transports: 64 KiB blocks instead of Kestrel's 4 KiB. Kestrel's
/// socket loop receives into one pipe block at a time, so the block size is the size of every receive; with 4 KiB
/// a byte stream costs a receive, a pipe wake-up and a send per 4 KiB, which made client → destination throughput
/// half of HAProxy's (its buffers are 16 KiB). HTTP listeners keep Kestrel's pool: their reads are requests, small.
/// Blocks are pinned (allocated on the pinned heap, so sockets use them without pinning per operation) and kept
/// for reuse up to <see cref="MaxRetainedBlocks"/>; past that, returned blocks are left to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>, IMemoryPoolFactory<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>16 MiB: enough for a few hundred busy connections' receive buffers without growing.</summary>
    private const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<Block> _free = new();

    public static LargeBlockMemoryPool Instance { get; } = new();

    public override int MaxBufferSize => BlockSize;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => this;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return _free.TryDequeue(out var block) ? block.Lease() : new Block(this);
    }

    private void Return(Block block)
    {
        if (_free.Count < MaxRetainedBlocks)
        {
            _free.Enqueue(block);
        }
    }

    /// <summary>The pool lives as long as the process; there is nothing to release.</summary>
    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;
        private readonly Memory<byte> _memory;
        private int _leased = 1;

        public Block(LargeBlockMemoryPool pool)
        {
            _pool = pool;
            _memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);
        }

        public Memory<byte> Memory => Volatile.Read(ref _leased) == 1 ? _memory : throw new ObjectDisposedException(nameof(Block));

        public Block Lease()
        {
            Volatile.Write(ref _leased, 1);
            return this;
        }

        /// <summary>Idempotent: a second dispose must not put the block in the free list twice.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                _pool.Return(this);
            }
        }
    }
}

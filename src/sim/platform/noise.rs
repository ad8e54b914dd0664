//! Deterministic pseudo-randomness: every "random" value of the simulator is a hash of the seed
//! and what it describes, so the same seed tells the same story and nothing needs storing.

/// SplitMix64 finaliser: a fast, well-mixed 64-bit hash.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub fn hash3(a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(a) ^ b.rotate_left(21)) ^ c.rotate_left(42))
}

/// FNV-1a of a name, to key per-resource randomness by something stable.
pub fn name_key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A uniform value in [0, 1).
pub fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth noise in [-1, 1]: cosine interpolation between hashed knots `knot` minutes apart.
pub fn smooth(seed: u64, key: u64, minute: i64, knot: i64) -> f64 {
    let knot = knot.max(1);
    let k0 = minute.div_euclid(knot);
    let frac = minute.rem_euclid(knot) as f64 / knot as f64;
    let v0 = unit(hash3(seed, key, k0 as u64)) * 2.0 - 1.0;
    let v1 = unit(hash3(seed, key, (k0 + 1) as u64)) * 2.0 - 1.0;
    let w = (1.0 - (frac * std::f64::consts::PI).cos()) / 2.0;
    v0 * (1.0 - w) + v1 * w
}

/// A GUID-shaped id derived from a hash (alert ids, operation ids, instance ids).
pub fn guid(h: u64) -> String {
    let a = mix(h);
    let b = mix(a ^ 0x5555_5555_5555_5555);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        (((b >> 48) as u16) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smooth_noise_is_bounded_and_continuous() {
        let mut prev = smooth(7, 1, 0, 10);
        for m in 1..500 {
            let v = smooth(7, 1, m, 10);
            assert!((-1.0..=1.0).contains(&v));
            assert!((v - prev).abs() < 0.5, "jump at {m}");
            prev = v;
        }
    }

    #[test]
    fn guid_has_the_canonical_shape() {
        let g = guid(42);
        let parts: Vec<_> = g.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert_ne!(guid(42), guid(43));
    }
}

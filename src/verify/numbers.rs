//! Sets of numbers in few bytes: the links and ids of each page, which a build keeps for all
//! its pages until the links are checked.

/// A set of numbers, in ascending order, each stored as its difference from the one before in
/// LEB128: seven bits a byte, the high bit set on every byte of a difference but its last.
///
/// A page's numbers are mostly those of texts its neighbours wrote first (the sidebar, the
/// breadcrumbs, the pages next to it), which were numbered one after another, so the
/// differences are small: on the benchmark site a page's 76 links take 68 bytes, not 304.
/// The bytes are kept by the caller ([`NumberSet::write`]), among those of other sets; a set
/// reads them where they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NumberSet<'a>(pub(super) &'a [u8]);

impl NumberSet<'_> {
    /// Appends the set of `numbers` (in any order, with repeats) to `bytes`.
    pub(super) fn write(mut numbers: Vec<u32>, bytes: &mut Vec<u8>) {
        numbers.sort_unstable();
        numbers.dedup();
        let mut previous = 0;
        for number in numbers {
            write_number(number - previous, bytes);
            previous = number;
        }
    }

    /// The numbers, in ascending order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.0;
        let mut previous = 0_u32;
        std::iter::from_fn(move || {
            previous += read_number(&mut bytes)?;
            Some(previous)
        })
    }

    /// Whether `number` is in the set.
    pub(super) fn contains(&self, number: u32) -> bool {
        self.iter()
            .take_while(|&each| each <= number)
            .any(|each| each == number)
    }
}

/// Appends `number` to `bytes` in LEB128.
pub(super) fn write_number(mut number: u32, bytes: &mut Vec<u8>) {
    while number >= 0x80 {
        bytes.push(number as u8 | 0x80);
        number >>= 7;
    }
    bytes.push(number as u8);
}

/// Reads a number that [`write_number`] wrote at the start of `bytes`, and moves `bytes` past
/// it; `None` at the end.
pub(super) fn read_number(bytes: &mut &[u8]) -> Option<u32> {
    let (mut number, mut shift) = (0_u32, 0);
    loop {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        number |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(number);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::{NumberSet, read_number, write_number};

    fn set(numbers: Vec<u32>) -> Vec<u8> {
        let mut bytes = Vec::new();
        NumberSet::write(numbers, &mut bytes);
        bytes
    }

    #[test]
    fn numbers_come_back_sorted_and_once_however_large() {
        let numbers = vec![
            u32::MAX,
            5,
            0,
            127,
            128,
            5,
            16_383,
            16_384,
            1 << 28,
            (1 << 28) + 1,
        ];
        let bytes = set(numbers.clone());
        let set = NumberSet(&bytes);
        let mut expected = numbers;
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(set.iter().collect::<Vec<_>>(), expected);
        for &number in &expected {
            assert!(set.contains(number), "{number}");
        }
        for absent in [1, 6, 126, 129, 16_385, u32::MAX - 1] {
            assert!(!set.contains(absent), "{absent}");
        }
    }

    #[test]
    fn close_numbers_take_a_byte_each() {
        let bytes = set((1000..1100).collect());
        // The first difference, 1000, takes two bytes; each of the other 99 is 1.
        assert_eq!(bytes.len(), 2 + 99);
        assert!(NumberSet(&set(Vec::new())).iter().next().is_none());
    }

    #[test]
    fn numbers_read_back_one_after_another() {
        let numbers = [0, 1, 127, 128, 300, 16_384, u32::MAX];
        let mut bytes = Vec::new();
        for number in numbers {
            write_number(number, &mut bytes);
        }
        let mut rest = bytes.as_slice();
        for number in numbers {
            assert_eq!(read_number(&mut rest), Some(number));
        }
        assert_eq!(read_number(&mut rest), None);
        // A number cut short is not read.
        let mut cut: &[u8] = &[0x80, 0x80];
        assert_eq!(read_number(&mut cut), None);
    }
}

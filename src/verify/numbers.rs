//! Sets of numbers in few bytes: the links and ids of each page, which a build keeps for all
//! its pages until the links are checked.

/// A set of numbers, in ascending order, each stored as its difference from the one before in
/// LEB128: seven bits a byte, the high bit set on every byte of a difference but its last.
///
/// A page's numbers are mostly those of texts its neighbours wrote first (the sidebar, the
/// breadcrumbs, the pages next to it), which were numbered one after another, so the
/// differences are small: on the benchmark site a page's 76 links take 68 bytes, not 304.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct NumberSet(Box<[u8]>);

impl NumberSet {
    /// The set of `numbers`, in any order and with repeats.
    pub(super) fn new(mut numbers: Vec<u32>) -> NumberSet {
        numbers.sort_unstable();
        numbers.dedup();
        let mut bytes = Vec::with_capacity(numbers.len() * 2);
        let mut previous = 0;
        for number in numbers {
            let mut rest = number - previous;
            previous = number;
            while rest >= 0x80 {
                bytes.push(rest as u8 | 0x80);
                rest >>= 7;
            }
            bytes.push(rest as u8);
        }
        NumberSet(bytes.into_boxed_slice())
    }

    /// The numbers, in ascending order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.0.iter();
        let mut previous = 0_u32;
        std::iter::from_fn(move || {
            let (mut difference, mut shift) = (0_u32, 0);
            loop {
                let byte = *bytes.next()?;
                difference |= u32::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
                shift += 7;
            }
            previous += difference;
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

#[cfg(test)]
mod tests {
    use super::NumberSet;

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
        let set = NumberSet::new(numbers.clone());
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
        let set = NumberSet::new((1000..1100).collect());
        // The first difference, 1000, takes two bytes; each of the other 99 is 1.
        assert_eq!(set.0.len(), 2 + 99);
        assert!(NumberSet::new(Vec::new()).iter().next().is_none());
    }
}

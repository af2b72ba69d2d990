//! Letter rendering cost, from stored data to PDF bytes (compose + layout + subset PDF):
//! a one-page erasure request and a five-page host notice. Aims: ≤ 20 ms and ≤ 60 ms.
//! The one-page PDF size (aim ≤ 40 KB) is printed before the timings.
//! The letters are the test fixtures, so the bench measures what the tests check.

#[path = "../tests/letters_fixtures/mod.rs"]
mod fixtures;

use erm_documents::letters::*;
use fixtures::{d, doctor, erasure, long_letter, publisher, DATE};

fn main() {
    let (one, five) = (erasure(), five_pages());
    for (name, data) in [("one page", &one), ("five pages", &five)] {
        let pdf = render(data);
        let pages = count_pages(data);
        println!("{name}: {pages} page(s), {} bytes ({:.1} KB)", pdf.len(), pdf.len() as f64 / 1024.0);
    }
    divan::main();
}

fn count_pages(data: &LetterData) -> usize {
    let letter = compose(data, &doctor(), &publisher(), d(DATE.0, DATE.1, DATE.2), &LetterOptions::default()).unwrap();
    layout(&letter, &LayoutSettings::default(), fonts().unwrap()).pages.len()
}

fn five_pages() -> LetterData {
    (5..80).map(long_letter).find(|l| count_pages(l) == 5).expect("a length that gives five pages")
}

fn render(data: &LetterData) -> Vec<u8> {
    fixtures::render(data, &LetterOptions::default())
}

#[divan::bench]
fn one_page_letter(b: divan::Bencher) {
    let data = erasure();
    b.bench(|| render(divan::black_box(&data)));
}

#[divan::bench]
fn five_page_letter(b: divan::Bencher) {
    let data = five_pages();
    b.bench(|| render(divan::black_box(&data)));
}

#[divan::bench]
fn calibration_page() -> Vec<u8> {
    calibration_pdf(divan::black_box(&LayoutSettings::default()), d(DATE.0, DATE.1, DATE.2)).unwrap()
}

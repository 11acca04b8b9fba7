fn main() { println!("{}", paytm_checkout::VERSION); }
